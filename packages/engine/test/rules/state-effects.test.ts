// SPEC §4.3: what cancellation does to a run in each state.
import { Quell } from "@quell/core";
import { describe, expect, it } from "vitest";
import { drivers } from "../support/drivers";
import { flush, gate, recorder, runOf, stepById, useDrivers } from "../support/fixtures";

describe.each(drivers)("$name", ({ create }) => {
  const start = useDrivers(create);

  /**
   * Start app-job, cancel its run by API while its handler waits at `g` between steps, open the
   * gate and settle; the run's status then.
   */
  const cancelledAtGate = async (
    functions: Parameters<typeof start>[0],
    g: ReturnType<typeof gate<void>>,
  ): Promise<string> => {
    const d = await start(functions);
    const sending = d.send({ name: "job/started", data: {} });
    await g.entered;
    const [run] = await d.runsFor("app-job");
    await d.cancelRun(run?.id as string);
    g.open();
    await sending;
    await d.settle();
    return (await d.getRun(run?.id as string)).status;
  };
  const cancelOn = [{ event: "job/stop", match: "data.jobId" }];

  it("§4.3 queued: a run cancelled before it started never starts", async () => {
    let handlerCalls = 0;
    const fn = new Quell({ id: "app" }).createFunction(
      { id: "job", cancelOn },
      { event: "job/started" },
      async ({ step }) => {
        handlerCalls += 1;
        await step.run("work", () => "done");
      },
    );
    const d = await start([fn]);
    const { ids } = await d.send([
      { name: "job/started", data: { jobId: "a" } },
      { name: "job/stop", data: { jobId: "a" } },
    ]);
    await d.advance("1d");
    const run = await runOf(d, ids[0]);
    expect(run.status).toBe("Cancelled");
    expect(run.state).toBe("cancelled");
    expect(run.started_at).toBeNull();
    expect(run.ended_at).toBe(new Date(d.now() - 86_400_000).toISOString());
    expect(run.steps).toEqual([]);
    expect(handlerCalls).toBe(0);
  });

  it("§4.3 sleeping: the run ends at once; its timer is removed, so the sleep never wakes it", async () => {
    const after: string[] = [];
    const fn = new Quell({ id: "app" }).createFunction(
      { id: "job", cancelOn },
      { event: "job/started" },
      async ({ step }) => {
        await step.sleep("nap", "1h");
        await step.run("after-sleep", () => after.push("ran"));
      },
    );
    const d = await start([fn]);
    const { ids } = await d.send({ name: "job/started", data: { jobId: "a" } });
    await d.advance("10m");
    const cancelledAt = new Date(d.now()).toISOString();
    await d.send({ name: "job/stop", data: { jobId: "a" } });
    const cancelled = await runOf(d, ids[0]);
    expect(cancelled.status).toBe("Cancelled");
    expect(cancelled.state).toBe("cancelled");
    expect(cancelled.ended_at).toBe(cancelledAt);
    await d.advance("2h");
    const later = await runOf(d, ids[0]);
    expect(later).toEqual(cancelled);
    expect(after).toEqual([]);
    expect(later.timeline.map((e) => e.type)).not.toContain("woke");
  });

  it("§4.3 waiting: the run ends at once; a later matching event or the timeout changes nothing", async () => {
    let resumed = 0;
    const fn = new Quell({ id: "app" }).createFunction(
      { id: "job", cancelOn },
      { event: "job/started" },
      async ({ step }) => {
        const approval = await step.waitForEvent("approval", {
          event: "job/approved",
          match: "data.jobId",
          timeout: "1h",
        });
        resumed += 1;
        return approval;
      },
    );
    const d = await start([fn]);
    const { ids } = await d.send({ name: "job/started", data: { jobId: "a" } });
    expect((await runOf(d, ids[0])).status).toBe("Waiting");
    await d.send({ name: "job/stop", data: { jobId: "a" } });
    const cancelled = await runOf(d, ids[0]);
    expect(cancelled.status).toBe("Cancelled");
    expect(cancelled.ended_at).toBe(new Date(d.now()).toISOString());
    await d.send({ name: "job/approved", data: { jobId: "a" } });
    await d.advance("2h");
    const later = await runOf(d, ids[0]);
    expect(later).toEqual(cancelled);
    expect(later.steps).toEqual([]);
    expect(resumed).toBe(0);
  });

  it("§4.3 backoff: a run waiting to retry ends at once, and the retry never happens", async () => {
    let attempts = 0;
    const fn = new Quell({ id: "app" }).createFunction(
      { id: "job", cancelOn },
      { event: "job/started" },
      async ({ step }) => {
        await step.run("flaky", () => {
          attempts += 1;
          throw new Error("boom");
        });
      },
    );
    const d = await start([fn]);
    const { ids } = await d.send({ name: "job/started", data: { jobId: "a" } });
    const backingOff = await runOf(d, ids[0]);
    expect(backingOff.state).toBe("backoff");
    expect(attempts).toBe(1);
    await d.send({ name: "job/stop", data: { jobId: "a" } });
    const cancelled = await runOf(d, ids[0]);
    expect(cancelled.status).toBe("Cancelled");
    expect(cancelled.state).toBe("cancelled");
    expect(cancelled.ended_at).toBe(new Date(d.now()).toISOString());
    await d.advance("1d");
    expect(attempts).toBe(1);
    expect(await runOf(d, ids[0])).toEqual(cancelled);
  });

  it("§4.3 running: the in-flight step completes, its output is kept marked settled_after_cancel, no later step starts", async () => {
    const g = gate<string>();
    const later: string[] = [];
    const stop = recorder();
    const quell = new Quell({ id: "app" });
    const fn = quell.createFunction(
      { id: "job", cancelOn },
      { event: "job/started" },
      async ({ step }) => {
        const first = await step.run("first", async () => `got ${await g.pass()}`);
        await step.run("second", () => later.push(first));
        return "completed";
      },
    );
    const watcher = quell.createFunction(
      { id: "watch" },
      { event: "inngest/function.cancelled" },
      async ({ event }) => {
        stop.record(event);
      },
    );
    const d = await start([fn, watcher]);
    const sending = d.send({ name: "job/started", data: { jobId: "a" } });
    await g.entered;
    const [run] = await d.runsFor("app-job");
    const id = run?.id as string;
    expect((await d.getRun(id)).status).toBe("Running");

    await d.send({ name: "job/stop", data: { jobId: "a" } }, { settle: false });
    const cancelling = await d.getRun(id);
    expect(cancelling.status).toBe("Cancelled");
    expect(cancelling.state).toBe("cancelling");
    expect(cancelling.ended_at).toBeNull();
    expect(cancelling.cancellation).toMatchObject({ source: "event" });
    await flush();
    expect(stop.events).toEqual([]); // not settled yet: no system event

    g.open("result");
    await sending;
    await d.settle();
    const ended = await d.getRun(id);
    expect(ended.status).toBe("Cancelled");
    expect(ended.state).toBe("cancelled");
    expect(ended.ended_at).not.toBeNull();
    expect(ended.output).toBeNull();
    expect(stepById(ended, "first")).toMatchObject({
      status: "completed",
      output: "got result",
      settled_after_cancel: true,
    });
    expect(stepById(ended, "second")).toBeUndefined();
    expect(later).toEqual([]);
    expect(g.count).toBe(1);
    expect(stop.events).toHaveLength(1);
  });

  it("§4.3 running: the step's signal and the handler's signal are aborted when the cancellation commits", async () => {
    const g = gate();
    const seen: { stepAborted?: boolean; handlerAborted?: boolean } = {};
    const fn = new Quell({ id: "app" }).createFunction(
      { id: "job", cancelOn },
      { event: "job/started" },
      async ({ step, signal: handlerSignal }) => {
        await step.run("long", async ({ signal }) => {
          expect(signal.aborted).toBe(false);
          await g.pass();
          seen.stepAborted = signal.aborted;
          seen.handlerAborted = handlerSignal.aborted;
          return signal.aborted ? "stopped early" : "ran to the end";
        });
      },
    );
    const d = await start([fn]);
    const sending = d.send({ name: "job/started", data: { jobId: "a" } });
    await g.entered;
    const [run] = await d.runsFor("app-job");
    await d.cancelRun(run?.id as string, { reason: "operator" });
    g.open();
    await sending;
    await d.settle();
    expect(seen).toEqual({ stepAborted: true, handlerAborted: true });
    const ended = await d.getRun(run?.id as string);
    expect(stepById(ended, "long")).toMatchObject({
      output: "stopped early",
      settled_after_cancel: true,
    });
    expect(ended.cancellation).toMatchObject({ source: "api", reason: "operator" });
  });

  it("§4.3 running: a step that fails after the cancellation is not retried; the run ends Cancelled, not Failed", async () => {
    const g = gate();
    let attempts = 0;
    let nextStep = 0;
    const fn = new Quell({ id: "app" }).createFunction(
      { id: "job", cancelOn, retries: 3 },
      { event: "job/started" },
      async ({ step }) => {
        await step.run("fragile", async () => {
          attempts += 1;
          await g.pass();
          throw new Error("network down");
        });
        await step.run("next", () => {
          nextStep += 1;
        });
      },
    );
    const d = await start([fn]);
    const sending = d.send({ name: "job/started", data: { jobId: "a" } });
    await g.entered;
    await d.send({ name: "job/stop", data: { jobId: "a" } }, { settle: false });
    g.open();
    await sending;
    await d.settle();
    await d.advance("1d");
    const [run] = await d.runsFor("app-job");
    expect(run?.status).toBe("Cancelled");
    expect(run?.state).toBe("cancelled");
    expect(run?.error).toBeNull();
    expect(attempts).toBe(1);
    expect(nextStep).toBe(0);
    const fragile = run === undefined ? undefined : stepById(run, "fragile");
    expect(fragile).toMatchObject({ status: "failed", settled_after_cancel: true });
    expect(fragile?.status === "failed" ? fragile.error.message : "").toBe("network down");
  });

  it("§4.3: cancelRun while a step is in flight answers Cancelled with ended_at null", async () => {
    const g = gate();
    const fn = new Quell({ id: "app" }).createFunction(
      { id: "job" },
      { event: "job/started" },
      async ({ step }) => {
        await step.run("long", () => g.pass());
      },
    );
    const d = await start([fn]);
    const sending = d.send({ name: "job/started", data: {} });
    await g.entered;
    const [run] = await d.runsFor("app-job");
    const answer = await d.cancelRun(run?.id as string);
    expect(answer.status).toBe("Cancelled");
    expect(answer.ended_at).toBeNull();
    g.open();
    await sending;
    await d.settle();
    expect((await d.getRun(run?.id as string)).ended_at).not.toBeNull();
  });
  it("§4.3 running between steps: a cancel while the handler runs outside any step ends the run, and no further step starts", async () => {
    const g = gate();
    const ran: string[] = [];
    const fn = new Quell({ id: "app" }).createFunction(
      { id: "job", cancelOn },
      { event: "job/started" },
      async ({ step }) => {
        await step.run("one", () => ran.push("one"));
        await g.pass(); // plain handler code after "one" was memoised, before "two" is reached
        await step.run("two", () => ran.push("two"));
      },
    );
    const d = await start([fn]);
    const sending = d.send({ name: "job/started", data: { jobId: "a" } });
    await g.entered;
    await d.send({ name: "job/stop", data: { jobId: "a" } }, { settle: false });
    g.open();
    await sending;
    await d.settle();
    await d.advance("1d");
    const [run] = await d.runsFor("app-job");
    expect(run?.status).toBe("Cancelled");
    expect(run?.state).toBe("cancelled");
    expect(run?.steps.map((s) => s.id)).toEqual(["one"]);
    expect(ran).toEqual(["one"]);
  });

  it("§4.3 running between steps: the handler's signal is aborted when the cancellation commits during its execution", async () => {
    const g = gate();
    let abortedAfterCancel: boolean | undefined;
    const fn = new Quell({ id: "app" }).createFunction(
      { id: "job" },
      { event: "job/started" },
      async ({ step, signal }) => {
        await step.run("one", () => 1);
        await g.pass();
        abortedAfterCancel = signal.aborted;
        await step.run("two", () => 2);
      },
    );
    expect(await cancelledAtGate([fn], g)).toBe("Cancelled");
    expect(abortedAfterCancel).toBe(true);
  });

  it("§4.3 running between steps: a signal first read after the cancellation committed is born aborted", async () => {
    const g = gate();
    let seen: { aborted: boolean; reason: unknown } | undefined;
    const fn = new Quell({ id: "app" }).createFunction(
      { id: "job" },
      { event: "job/started" },
      async (ctx) => {
        await ctx.step.run("one", () => 1);
        await g.pass();
        // The first read of `signal` in this execution: the engine creates it only now.
        seen = { aborted: ctx.signal.aborted, reason: ctx.signal.reason };
        await ctx.step.run("two", () => 2);
      },
    );
    expect(await cancelledAtGate([fn], g)).toBe("Cancelled");
    expect(seen?.aborted).toBe(true);
    expect(seen?.reason).toBeInstanceOf(Error);
  });
});
