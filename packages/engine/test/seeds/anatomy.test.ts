import { anatomyApp, taskDeleted, taskReminderCreated } from "@quell/core/examples";
import { afterEach, describe, expect, it } from "vitest";
import { type Driver, deferred, drivers } from "../support/drivers";

// "Anatomy of a cancellation" from the seeds (`@quell/core/examples`): the same function
// cancelled at three moments, with a push service that can hold step 2 in flight.
const build = () => {
  const order: string[] = [];
  const step2Started = deferred();
  const releaseStep2 = deferred();
  let aborted = false;
  let blockStep2 = false;
  const { scheduleReminder, cleanupCancelledReminder } = anatomyApp({
    pushNotificationService: {
      push: async (userId, _body, { signal }) => {
        order.push("step 2 started");
        step2Started.resolve();
        if (blockStep2) await releaseStep2.promise;
        aborted = signal.aborted;
        order.push("step 2 finished");
        return { pushedTo: userId };
      },
    },
    extraSteps: ({ step }) => step.run("step-3", () => order.push("step 3")),
    onCancelled: ({ event }) => order.push(`cleanup ${event.data.run_id}`),
  });
  return {
    functions: [scheduleReminder, cleanupCancelledReminder],
    order,
    step2Started,
    releaseStep2,
    wasAborted: () => aborted,
    block: () => {
      blockStep2 = true;
    },
  };
};

const created = taskReminderCreated("task-1", "2024-01-08T00:00:00.000Z");
const deleted = taskDeleted("task-1");

describe.each(drivers)("seed: anatomy of a cancellation ($name)", ({ create }) => {
  let driver: Driver;
  afterEach(() => driver.stop());

  it("cancel before step 1: the run never starts", async () => {
    const f = build();
    driver = await create(f.functions);
    const sent = await driver.send([created, deleted]);
    await driver.advance("2w");
    const [run] = await driver.runsForEvent(sent.ids[0] ?? "");
    expect(run?.status).toBe("Cancelled");
    expect(run?.started_at).toBeNull();
    expect(run?.steps).toEqual([]);
    expect(f.order).toEqual([`cleanup ${run?.id}`]);
  });

  it("cancel during the sleep: step 2 is skipped", async () => {
    const f = build();
    driver = await create(f.functions);
    const sent = await driver.send(created);
    await driver.advance("3d");
    await driver.send(deleted);
    await driver.advance("2w");
    const [run] = await driver.runsForEvent(sent.ids[0] ?? "");
    expect(run?.status).toBe("Cancelled");
    expect(run?.steps).toEqual([]);
    expect(f.order).toEqual([`cleanup ${run?.id}`]);
  });

  it("cancel while step 2 executes: it completes, its output is kept, nothing after it starts", async () => {
    const f = build();
    f.block();
    driver = await create(f.functions);
    const sent = await driver.send(created);
    const runId = (await driver.runsForEvent(sent.ids[0] ?? ""))[0]?.id ?? "";
    const advancing = driver.advance("1w");
    await f.step2Started.promise;

    await driver.send(deleted, { settle: false });
    const cancelling = await driver.getRun(runId);
    expect(cancelling.status).toBe("Cancelled");
    expect(cancelling.state).toBe("cancelling");
    expect(cancelling.ended_at).toBeNull();
    expect(f.order).toEqual(["step 2 started"]); // no cleanup while step 2 is in flight

    f.releaseStep2.resolve();
    await advancing;
    await driver.settle();
    await driver.advance("1d");

    const run = await driver.getRun(runId);
    expect(run.status).toBe("Cancelled");
    expect(run.ended_at).not.toBeNull();
    expect(f.wasAborted()).toBe(true);
    const step2 = run.steps.find((s) => s.id === "send-reminder-push");
    expect(step2).toMatchObject({
      status: "completed",
      output: { pushedTo: "user_123" },
      settled_after_cancel: true,
    });
    expect(run.steps.map((s) => s.id)).not.toContain("step-3");
    expect(f.order).toEqual(["step 2 started", "step 2 finished", `cleanup ${runId}`]);
    expect(run.timeline.map((e) => e.type)).toEqual([
      "created",
      "started",
      "sleeping",
      "woke",
      "step.started",
      "cancel.requested",
      "step.settled_after_cancel",
      "cancelled",
    ]);
  });
});
