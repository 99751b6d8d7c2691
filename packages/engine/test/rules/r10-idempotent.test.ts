// SPEC R10: cancelling a cancelled run is idempotent — the same cancellation is returned.
import { Quell } from "@quell/core";
import { describe, expect, it } from "vitest";
import { drivers } from "../support/drivers";
import { gate, recorder, runOf, useDrivers } from "../support/fixtures";

describe.each(drivers)("$name", ({ create }) => {
  const start = useDrivers(create);
  const cancelOn = [{ event: "job/stop", match: "data.jobId" }];

  const setup = async () => {
    const cancelled = recorder();
    const quell = new Quell({ id: "app" });
    const fn = quell.createFunction(
      { id: "job", cancelOn },
      { event: "job/started" },
      async ({ step }) => {
        await step.sleep("nap", "1d");
      },
    );
    const watcher = quell.createFunction(
      { id: "watch" },
      { event: "inngest/function.cancelled" },
      async ({ event }) => {
        cancelled.record(event);
      },
    );
    const d = await start([fn, watcher]);
    return { d, cancelled };
  };

  it("R10: a second cancelRun returns the first cancellation (source, time, reason) and emits nothing more", async () => {
    const { d, cancelled } = await setup();
    const { ids } = await d.send({ name: "job/started", data: { jobId: "a" } });
    const run = await runOf(d, ids[0]);
    const first = await d.cancelRun(run.id, { reason: "first" });
    expect(first.cancellation).toEqual({
      source: "api",
      at: new Date(d.now()).toISOString(),
      reason: "first",
    });
    await d.advance("1h");
    const second = await d.cancelRun(run.id, { reason: "second" });
    expect(second.status).toBe("Cancelled");
    expect(second.cancellation).toEqual(first.cancellation);
    expect(second.ended_at).toBe(first.ended_at);
    expect(await d.getRun(run.id)).toEqual(second);
    await d.settle();
    expect(cancelled.events).toHaveLength(1);
  });

  it("R10: an API cancel of a run already cancelled by an event returns the event's cancellation", async () => {
    const { d, cancelled } = await setup();
    const { ids } = await d.send({ name: "job/started", data: { jobId: "a" } });
    const stop = await d.send({ name: "job/stop", data: { jobId: "a" } });
    const run = await runOf(d, ids[0]);
    const again = await d.cancelRun(run.id, { reason: "api" });
    expect(again.cancellation).toEqual({
      source: "event",
      at: run.cancellation?.at,
      event_id: stop.ids[0],
    });
    expect(again).toEqual(run);
    expect(cancelled.events).toHaveLength(1);
  });

  it("R10: a second matching cancel event leaves the first cancellation in place", async () => {
    const { d, cancelled } = await setup();
    const { ids } = await d.send({ name: "job/started", data: { jobId: "a" } });
    const first = await d.send({ name: "job/stop", data: { jobId: "a" } });
    const run = await runOf(d, ids[0]);
    await d.send({ name: "job/stop", data: { jobId: "a" } });
    expect(await runOf(d, ids[0])).toEqual(run);
    expect(run.cancellation?.event_id).toBe(first.ids[0]);
    expect(cancelled.events).toHaveLength(1);
  });

  it("R10: cancelling a run that is still cancelling (step in flight) returns the same cancellation", async () => {
    const g = gate();
    const cancelled = recorder();
    const quell = new Quell({ id: "app" });
    const fn = quell.createFunction({ id: "job" }, { event: "job/started" }, async ({ step }) => {
      await step.run("long", () => g.pass());
    });
    const watcher = quell.createFunction(
      { id: "watch" },
      { event: "inngest/function.cancelled" },
      async ({ event }) => {
        cancelled.record(event);
      },
    );
    const d = await start([fn, watcher]);
    const sending = d.send({ name: "job/started", data: {} });
    await g.entered;
    const [run] = await d.runsFor("app-job");
    const first = await d.cancelRun(run?.id as string, { reason: "first" });
    const second = await d.cancelRun(run?.id as string, { reason: "second" });
    expect(second.cancellation).toEqual(first.cancellation);
    expect(second.state).toBe("cancelling");
    g.open();
    await sending;
    await d.settle();
    const third = await d.cancelRun(run?.id as string, { reason: "third" });
    expect(third.cancellation).toEqual(first.cancellation);
    expect(third.state).toBe("cancelled");
    await d.settle();
    expect(cancelled.events).toHaveLength(1);
  });
  it("R10: concurrent cancels of one run (API and event at once) agree on one cancellation and emit one event", async () => {
    const { d, cancelled } = await setup();
    const { ids } = await d.send({ name: "job/started", data: { jobId: "a" } });
    const run = await runOf(d, ids[0]);
    const [a, b] = await Promise.all([
      d.cancelRun(run.id, { reason: "a" }),
      d.cancelRun(run.id, { reason: "b" }),
      d.send({ name: "job/stop", data: { jobId: "a" } }, { settle: false }),
    ]);
    await d.settle();
    const final = await d.getRun(run.id);
    expect(final.status).toBe("Cancelled");
    expect(a.cancellation).toEqual(final.cancellation);
    expect(b.cancellation).toEqual(final.cancellation);
    expect(cancelled.events).toHaveLength(1);
    expect(cancelled.events[0]?.data.cancellation).toEqual(final.cancellation);
  });
});
