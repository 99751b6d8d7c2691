// The functions file that the `takeover` task's `quell start` and `quell worker` processes load.
// The step of `held` prints when it starts (with the time), and never ends in a process started
// with QUELL_BENCH_HANG=1: that one is killed.
import { Quell } from "@quell/core";

const quell = new Quell({ id: "takeover" });

export const held = quell.createFunction(
  { id: "held", retries: 0, cancelOn: [{ event: "takeover/held.stop", match: "data.id" }] },
  { event: "takeover/held" },
  async ({ event, step }) =>
    step.run("held", async () => {
      process.stdout.write(`step started: ${String(event.data.id)} at ${Date.now()}\n`);
      if (process.env.QUELL_BENCH_HANG === "1") await new Promise(() => {});
      return process.pid;
    }),
);

export const nap = quell.createFunction(
  { id: "nap", cancelOn: [{ event: "takeover/nap.stop", match: "data.id" }] },
  { event: "takeover/nap" },
  async ({ step }) => step.sleep("nap", "1h"),
);

export default [held, nap];
