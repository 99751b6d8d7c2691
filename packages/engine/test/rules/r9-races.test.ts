// SPEC R9: races are decided by commit order. If the run commits `completed` first, a later cancel
// has no effect (API: 409, RunConflictError); otherwise the run is cancelled. The same for a timer
// firing and for a waitForEvent resolution.
import { Quell, RunConflictError, RunNotFoundError } from "@quell/core";
import { describe, expect, it } from "vitest";
import { drivers } from "../support/drivers";
import { gate, recorder, runOf, stepById, thrown, useDrivers } from "../support/fixtures";

describe.each(drivers)("$name", ({ create }) => {
  const start = useDrivers(create);
  const cancelOn = [{ event: "job/stop", match: "data.jobId" }];

  const lastStepFunction = () => {
    const g = gate();
    const cancelled = recorder();
    const quell = new Quell({ id: "app" });
    const fn = quell.createFunction(
      { id: "job", cancelOn },
      { event: "job/started" },
      async ({ step }) => {
        await step.run("first", () => 1);
        const last = await step.run("last", async () => {
          await g.pass();
          return "last output";
        });
        return { last };
      },
    );
    const watcher = quell.createFunction(
      { id: "watch" },
      { event: "inngest/function.cancelled" },
      async ({ event }) => {
        cancelled.record(event);
      },
    );
    return { g, cancelled, functions: [fn, watcher] };
  };

  it("R9: the last step completes and the run commits Completed first → cancelRun answers RunConflictError, run stays Completed", async () => {
    const { g, cancelled, functions } = lastStepFunction();
    const d = await start(functions);
    const sending = d.send({ name: "job/started", data: { jobId: "a" } });
    await g.entered;
    g.open();
    await sending;
    await d.settle();
    const [done] = await d.runsFor("app-job");
    expect(done?.status).toBe("Completed");
    const error = await thrown(d.cancelRun(done?.id as string, { reason: "too late" }));
    expect(error).toBeInstanceOf(RunConflictError);
    expect((error as RunConflictError).runId).toBe(done?.id);
    await d.send({ name: "job/stop", data: { jobId: "a" } }); // a late cancel event is ignored too
    const after = await d.getRun(done?.id as string);
    expect(after).toEqual(done);
    expect(after.cancellation).toBeNull();
    expect(after.output).toEqual({ last: "last output" });
    expect(cancelled.events).toEqual([]);
  });

  it("R9: the cancel commits first while the last step is in flight → Cancelled, even though the step then succeeds", async () => {
    const { g, cancelled, functions } = lastStepFunction();
    const d = await start(functions);
    const sending = d.send({ name: "job/started", data: { jobId: "a" } });
    await g.entered;
    const [run] = await d.runsFor("app-job");
    const answer = await d.cancelRun(run?.id as string);
    expect(answer.status).toBe("Cancelled");
    g.open();
    await sending;
    await d.settle();
    const ended = await d.getRun(run?.id as string);
    expect(ended.status).toBe("Cancelled");
    expect(ended.output).toBeNull();
    expect(stepById(ended, "last")).toMatchObject({
      output: "last output",
      settled_after_cancel: true,
    });
    expect(cancelled.events).toHaveLength(1);
  });

  it("R9: cancelRun on an unknown run answers RunNotFoundError (404)", async () => {
    const { functions } = lastStepFunction();
    const d = await start(functions);
    const error = await thrown(d.cancelRun("01ARZ3NDEKTSV4RRFFQ69G5FAV"));
    expect(error).toBeInstanceOf(RunNotFoundError);
  });

  const sleeper = (after: "complete" | "step") => {
    const g = gate();
    const fn = new Quell({ id: "app" }).createFunction(
      { id: "job", cancelOn },
      { event: "job/started" },
      async ({ step }) => {
        await step.sleep("nap", "1h");
        if (after === "step") await step.run("after", () => g.pass());
        return "woke";
      },
    );
    return { g, fn };
  };

  it("R9 timer: the sleep timer fires and the run completes at T; a cancel at the same instant T is refused", async () => {
    const { fn } = sleeper("complete");
    const d = await start([fn]);
    const { ids } = await d.send({ name: "job/started", data: { jobId: "a" } });
    const sleepEnd = d.now() + 3_600_000;
    await d.advance("1h");
    expect(d.now()).toBe(sleepEnd);
    const run = await runOf(d, ids[0]);
    expect(run.status).toBe("Completed");
    expect(await thrown(d.cancelRun(run.id))).toBeInstanceOf(RunConflictError);
    await d.send({ name: "job/stop", data: { jobId: "a" } });
    expect(await runOf(d, ids[0])).toEqual(run);
  });

  it("R9 timer: the timer's wake commits first at T, then a cancel at the same instant T cancels the woken run", async () => {
    const { g, fn } = sleeper("step");
    const d = await start([fn]);
    const { ids } = await d.send({ name: "job/started", data: { jobId: "a" } });
    const advancing = d.advance("1h");
    await g.entered;
    await d.send({ name: "job/stop", data: { jobId: "a" } }, { settle: false });
    g.open();
    await advancing;
    await d.settle();
    const run = await runOf(d, ids[0]);
    expect(run.status).toBe("Cancelled");
    expect(run.cancellation?.at).toBe(new Date(d.now()).toISOString());
    expect(stepById(run, "nap")).toMatchObject({ status: "completed" });
    expect(stepById(run, "after")).toMatchObject({ settled_after_cancel: true });
  });

  it("R9 timer: a cancel committed before the timer is due wins: the timer never fires", async () => {
    const { g, fn } = sleeper("step");
    const d = await start([fn]);
    const { ids } = await d.send({ name: "job/started", data: { jobId: "a" } });
    await d.advance("59m59s");
    await d.send({ name: "job/stop", data: { jobId: "a" } });
    await d.advance("1h");
    const run = await runOf(d, ids[0]);
    expect(run.status).toBe("Cancelled");
    expect(run.steps).toEqual([]);
    expect(g.count).toBe(0);
  });

  const waiter = () => {
    const resumed: unknown[] = [];
    const fn = new Quell({ id: "app" }).createFunction(
      { id: "job", cancelOn },
      { event: "job/started" },
      async ({ step }) => {
        const approval = await step.waitForEvent("approval", {
          event: "job/approved",
          match: "data.jobId",
          timeout: "1d",
        });
        await step.run("after-approval", () => resumed.push(approval?.data));
        return "approved";
      },
    );
    return { fn, resumed };
  };

  it("R9 wait: the wait resolves first (ingested first) → the wait is memoised, then the cancel still ends the run before the next step", async () => {
    const { fn, resumed } = waiter();
    const d = await start([fn]);
    const { ids } = await d.send({ name: "job/started", data: { jobId: "a" } });
    const batch = await d.send([
      { name: "job/approved", data: { jobId: "a", by: "ann" } },
      { name: "job/stop", data: { jobId: "a" } },
    ]);
    await d.advance("2d");
    const run = await runOf(d, ids[0]);
    expect(run.status).toBe("Cancelled");
    expect(run.cancellation?.event_id).toBe(batch.ids[1]);
    expect(stepById(run, "approval")).toMatchObject({
      status: "completed",
      output: { name: "job/approved", data: { jobId: "a", by: "ann" } },
    });
    expect(stepById(run, "after-approval")).toBeUndefined();
    expect(resumed).toEqual([]);
  });

  it("R9 wait: the cancel is ingested first → the run ends while waiting and the wait never resolves", async () => {
    const { fn, resumed } = waiter();
    const d = await start([fn]);
    const { ids } = await d.send({ name: "job/started", data: { jobId: "a" } });
    const batch = await d.send([
      { name: "job/stop", data: { jobId: "a" } },
      { name: "job/approved", data: { jobId: "a", by: "ann" } },
    ]);
    await d.advance("2d");
    const run = await runOf(d, ids[0]);
    expect(run.status).toBe("Cancelled");
    expect(run.cancellation?.event_id).toBe(batch.ids[0]);
    expect(run.steps).toEqual([]);
    expect(run.timeline.map((e) => e.type)).not.toContain("wait.resolved");
    expect(resumed).toEqual([]);
  });

  it("R9 wait: the wait resolves and the run completes first → a later cancel is refused", async () => {
    const { fn, resumed } = waiter();
    const d = await start([fn]);
    const { ids } = await d.send({ name: "job/started", data: { jobId: "a" } });
    await d.send({ name: "job/approved", data: { jobId: "a", by: "ann" } });
    const run = await runOf(d, ids[0]);
    expect(run.status).toBe("Completed");
    expect(resumed).toEqual([{ jobId: "a", by: "ann" }]);
    expect(await thrown(d.cancelRun(run.id))).toBeInstanceOf(RunConflictError);
    expect(await runOf(d, ids[0])).toEqual(run);
  });
  it("R9 wait: one event that matches both the run's cancelOn and its waitForEvent cancels it without resolving the wait", async () => {
    // The catch-all cancelOn entry (unindexed) and the wait (indexed on data.orderId) both accept
    // this event. The run must end the same way on every store: cancelled, the wait unresolved.
    const resumed: unknown[] = [];
    const fn = new Quell({ id: "app" }).createFunction(
      { id: "job", cancelOn: [{ event: "order/closed" }] },
      { event: "order/created" },
      async ({ step }) => {
        const closed = await step.waitForEvent("closed", {
          event: "order/closed",
          match: "data.orderId",
          timeout: "1d",
        });
        await step.run("after", () => resumed.push(closed));
      },
    );
    const d = await start([fn]);
    const { ids } = await d.send({ name: "order/created", data: { orderId: "o1" } });
    expect((await runOf(d, ids[0])).status).toBe("Waiting");
    const closing = await d.send({ name: "order/closed", data: { orderId: "o1" } });
    await d.advance("2d");
    const run = await runOf(d, ids[0]);
    expect(run.status).toBe("Cancelled");
    expect(run.cancellation?.event_id).toBe(closing.ids[0]);
    expect(run.steps).toEqual([]);
    expect(resumed).toEqual([]);
  });
  it("R9: the last step's result and a cancel racing: whichever commits first decides, and the outcome is consistent", async () => {
    const { g, cancelled, functions } = lastStepFunction();
    const d = await start(functions);
    const sending = d.send({ name: "job/started", data: { jobId: "a" } });
    await g.entered;
    const [run] = await d.runsFor("app-job");
    g.open(); // the step's result and the cancel now race to commit
    const answer = await d.cancelRun(run?.id as string).then(
      (view) => ({ ok: true as const, view }),
      (error: unknown) => ({ ok: false as const, error }),
    );
    await sending;
    await d.settle();
    const ended = await d.getRun(run?.id as string);
    if (answer.ok) {
      expect(ended.status).toBe("Cancelled");
      expect(ended.output).toBeNull();
      expect(stepById(ended, "last")).toMatchObject({ output: "last output" });
      expect(cancelled.events).toHaveLength(1);
    } else {
      expect(answer.error).toBeInstanceOf(RunConflictError);
      expect(ended.status).toBe("Completed");
      expect(ended.cancellation).toBeNull();
      expect(cancelled.events).toEqual([]);
    }
  });
});
