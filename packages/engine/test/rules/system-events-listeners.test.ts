// SPEC §4.4 with no function triggered by the system events: the engine ingests them
// `onlyForListeners`, so they skip the event pipeline unless a listener waits for their name.
// A `step.waitForEvent` and a `cancelOn` on system events must still see every one of them, and
// the events are still stored and listed.
import { Quell } from "@quell/core";
import { describe, expect, it } from "vitest";
import { drivers } from "../support/drivers";
import { runOf, useDrivers } from "../support/fixtures";

const app = new Quell({ id: "app" });

const job = app.createFunction({ id: "job" }, { event: "job/start" }, async () => "done");

const victim = app.createFunction({ id: "victim" }, { event: "victim/start" }, async ({ step }) => {
  await step.sleep("nap", "1d");
});

const watcher = app.createFunction(
  { id: "watcher" },
  { event: "watch/start" },
  async ({ step }) => {
    const finished = await step.waitForEvent("finished", {
      event: "inngest/function.finished",
      timeout: "1h",
      if: "async.data.function_id == 'app-job'",
    });
    return finished === null ? "timed out" : "saw the job finish";
  },
);

const guard = app.createFunction(
  {
    id: "guard",
    cancelOn: [
      { event: "inngest/function.cancelled", if: "async.data.function_id == 'app-victim'" },
    ],
  },
  { event: "guard/start" },
  async ({ step }) => {
    await step.sleep("nap", "1d");
  },
);

describe.each(drivers)("$name", ({ create }) => {
  const start = useDrivers(create);

  it("a wait and a cancelOn on system events see them; unheard ones are still stored", async () => {
    const d = await start([job, victim, watcher, guard]);
    const watching = await d.send({ name: "watch/start", data: {} });
    const guarding = await d.send({ name: "guard/start", data: {} });
    const sleeping = await d.send({ name: "victim/start", data: {} });
    await d.send({ name: "job/start", data: {} });
    await d.cancelRun((await runOf(d, sleeping.ids[0])).id, { reason: "test" });
    await d.settle();
    expect((await runOf(d, watching.ids[0])).output).toBe("saw the job finish");
    const guarded = await runOf(d, guarding.ids[0]);
    expect(guarded.status).toBe("Cancelled");
    expect(guarded.cancellation?.source).toBe("event");
    // Every run ended: none waits for a system event it missed.
    const finished = (await d.runs()).filter((run) => run.ended_at !== null);
    expect(finished.map((run) => run.function_id).sort()).toEqual([
      "app-guard",
      "app-job",
      "app-victim",
      "app-watcher",
    ]);
  });
});
