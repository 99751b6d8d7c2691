// The functions file of the `wake` task's `quell start --no-workers` and `quell worker`. Each
// step prints when it began (this machine's wall clock to a hundredth of a millisecond:
// `performance.timeOrigin + performance.now()`), for the task to read off the worker.
import { Quell } from "@quell/core";

const quell = new Quell({ id: "wake" });
const preciseNow = (): string => (performance.timeOrigin + performance.now()).toFixed(2);

export const first = quell.createFunction(
  { id: "first", retries: 0 },
  { event: "wake/first" },
  async ({ event, step }) =>
    step.run("first", async () => {
      process.stdout.write(`first ${String(event.data.n)} at ${preciseNow()}\n`);
    }),
);

export const later = quell.createFunction(
  { id: "later", retries: 0 },
  { event: "wake/later" },
  async ({ event, step }) => {
    await step.sleepUntil("nap", Number(event.data.at));
    await step.run("after", async () => {
      process.stdout.write(`after ${String(event.data.n)} at ${preciseNow()}\n`);
    });
  },
);

export default [first, later];
