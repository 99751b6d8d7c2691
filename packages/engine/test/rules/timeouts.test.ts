// SPEC §4.1 source 5: function timeouts. A run not started within `timeouts.start` of its
// creation, or not ended within `timeouts.finish` of its first start, is cancelled (source
// `timeout`), whatever state it is in; a step in flight runs to completion (§4.3).
import { Quell, type RunView } from "@quell/core";
import { describe, expect, it } from "vitest";
import { type Driver, drivers } from "../support/drivers";
import { flush, gate, recorder, runOf, stepById, useDrivers } from "../support/fixtures";

const T0 = Date.parse("2024-01-01T00:00:00.000Z");
const iso = (offsetMs: number): string => new Date(T0 + offsetMs).toISOString();
const MIN = 60_000;
const HOUR = 60 * MIN;

/** Polls until the run is in `state` (an execution may hold `advance` meanwhile). */
const reaches = async (d: Driver, id: string, state: RunView["state"]): Promise<RunView> => {
  for (let i = 0; i < 500; i++) {
    const run = await d.getRun(id);
    if (run.state === state) return run;
    await flush(2);
  }
  throw new Error(`run ${id} never reached ${state}`);
};

const types = (run: RunView) => run.timeline.map((e) => e.type);

describe.each(drivers)("$name", ({ create }) => {
  const start = useDrivers(create);

  it("timeouts.finish cancels a sleeping run at its deadline, not at the sleep's end", async () => {
    const after: string[] = [];
    const quell = new Quell({ id: "app" });
    const cleanup = recorder();
    const fn = quell.createFunction(
      { id: "job", timeouts: { finish: "1h" } },
      { event: "job/started" },
      async ({ step }) => {
        await step.sleep("nap", "2h");
        await step.run("after", () => after.push("ran"));
      },
    );
    const watcher = quell.createFunction(
      { id: "watch" },
      { event: "inngest/function.cancelled" },
      async ({ event }) => {
        cleanup.record(event);
      },
    );
    const d = await start([fn, watcher]);
    const { ids } = await d.send({ name: "job/started" });
    await d.advance("59m");
    expect((await runOf(d, ids[0])).status).toBe("Sleeping");
    await d.advance("1m");
    const run = await runOf(d, ids[0]);
    expect(run.status).toBe("Cancelled");
    expect(run.ended_at).toBe(iso(HOUR));
    expect(run.cancellation).toEqual({
      source: "timeout",
      at: iso(HOUR),
      reason: "finish timeout 1h elapsed",
    });
    expect(run.timeline.find((e) => e.type === "cancel.requested")?.detail).toBe(
      "timeout, finish timeout 1h elapsed",
    );
    await d.advance("3h");
    expect(await runOf(d, ids[0])).toEqual(run);
    expect(after).toEqual([]);
    expect(cleanup.events.map((e) => e.data.cancellation)).toEqual([run.cancellation]);
  });

  it("timeouts.finish: a sleep that ends does not clear the deadline; it cancels the wait that follows", async () => {
    const fn = new Quell({ id: "app" }).createFunction(
      { id: "job", timeouts: { finish: "1h" } },
      { event: "job/started" },
      async ({ step }) => {
        await step.sleep("short", "10m");
        await step.waitForEvent("approval", { event: "job/approved", timeout: "1d" });
      },
    );
    const d = await start([fn]);
    const { ids } = await d.send({ name: "job/started" });
    await d.advance("30m");
    expect((await runOf(d, ids[0])).status).toBe("Waiting");
    await d.advance("30m");
    const run = await runOf(d, ids[0]);
    expect(run.status).toBe("Cancelled");
    expect(run.ended_at).toBe(iso(HOUR));
    expect(types(run)).toEqual([
      "created",
      "started",
      "sleeping",
      "woke",
      "waiting",
      "cancel.requested",
      "cancelled",
    ]);
  });

  it("timeouts.finish vs a step in flight: the step completes, is kept settled after cancel, and nothing after it starts", async () => {
    const g = gate<string>();
    const later: string[] = [];
    const seen: { aborted?: boolean } = {};
    const quell = new Quell({ id: "app" });
    const cleanup = recorder();
    const fn = quell.createFunction(
      { id: "job", timeouts: { finish: "2s" } },
      { event: "job/started" },
      async ({ step }) => {
        await step.run("long", async ({ signal }) => {
          const value = await g.pass();
          seen.aborted = signal.aborted;
          return value;
        });
        await step.run("next", () => later.push("ran"));
      },
    );
    const watcher = quell.createFunction(
      { id: "watch" },
      { event: "inngest/function.cancelled" },
      async ({ event }) => {
        cleanup.record(event);
      },
    );
    const d = await start([fn, watcher]);
    const sending = d.send({ name: "job/started" });
    await g.entered;
    const id = (await d.runsFor("app-job"))[0]?.id as string;
    // Shorter than a lease: the engine's virtual clock stops at its first wake-up while a step
    // is held (it waits for the engine to be idle), so the deadline must be that wake-up.
    const advancing = d.advance("2s");
    const cancelling = await reaches(d, id, "cancelling");
    expect(cancelling.status).toBe("Cancelled");
    expect(cancelling.ended_at).toBeNull();
    expect(cancelling.cancellation).toEqual({
      source: "timeout",
      at: iso(2_000),
      reason: "finish timeout 2s elapsed",
    });
    await flush();
    expect(cleanup.events).toEqual([]); // not settled: no function.cancelled yet

    g.open("finished late");
    await Promise.all([sending, advancing]);
    await d.settle();
    const ended = await d.getRun(id);
    expect(ended.state).toBe("cancelled");
    expect(stepById(ended, "long")).toMatchObject({
      status: "completed",
      output: "finished late",
      settled_after_cancel: true,
    });
    expect(stepById(ended, "next")).toBeUndefined();
    expect(later).toEqual([]);
    expect(seen.aborted).toBe(true);
    expect(cleanup.events).toHaveLength(1);
  });

  it("timeouts.finish cancels a run waiting to retry (backoff)", async () => {
    let attempts = 0;
    const fn = new Quell({ id: "app" }).createFunction(
      { id: "job", retries: 4, timeouts: { finish: "5s" } },
      { event: "job/started" },
      async ({ step }) => {
        await step.run("flaky", () => {
          attempts += 1;
          throw new Error("boom");
        });
      },
    );
    const d = await start([fn]);
    const { ids } = await d.send({ name: "job/started" });
    // Retries at 1 s and 3 s; the third retry would be at 7 s, after the deadline.
    await d.advance("1m");
    const run = await runOf(d, ids[0]);
    expect(attempts).toBe(3);
    expect(run.status).toBe("Cancelled");
    expect(run.ended_at).toBe(iso(5_000));
    expect(run.cancellation?.reason).toBe("finish timeout 5s elapsed");
  });

  it("timeouts.finish: a paused run's time counts", async () => {
    const fn = new Quell({ id: "app" }).createFunction(
      { id: "job", timeouts: { finish: "1h" } },
      { event: "job/started" },
      async ({ step }) => {
        await step.sleep("nap", "10m");
        await step.run("after", () => "done");
      },
    );
    const d = await start([fn]);
    const { ids } = await d.send({ name: "job/started" });
    await d.pauseFunction("app-job");
    await d.advance("30m");
    expect((await runOf(d, ids[0])).state).toBe("paused");
    await d.advance("30m");
    const run = await runOf(d, ids[0]);
    expect(run.status).toBe("Cancelled");
    expect(run.ended_at).toBe(iso(HOUR));
    expect(types(run)).toContain("paused");
    expect(stepById(run, "after")).toBeUndefined();
  });

  it("timeouts.start: a run held before its first start is cancelled when the limit elapses", async () => {
    const fn = new Quell({ id: "app" }).createFunction(
      { id: "job", timeouts: { start: "10m" } },
      { event: "job/started" },
      async ({ step }) => step.run("work", () => "done"),
    );
    const d = await start([fn]);
    const { ids } = await d.send({ name: "job/started" });
    const original = await runOf(d, ids[0]);
    expect(original.status).toBe("Completed");
    // A replay of a paused function is created and held at its start: it never started.
    await d.pauseFunction("app-job");
    const replay = await d.replayRun(original.id);
    expect((await d.getRun(replay.id)).state).toBe("paused");
    await d.advance("9m");
    expect((await d.getRun(replay.id)).state).toBe("paused");
    await d.advance("1m");
    const run = await d.getRun(replay.id);
    expect(run.status).toBe("Cancelled");
    expect(run.started_at).toBeNull();
    expect(run.ended_at).toBe(iso(10 * MIN));
    expect(run.cancellation).toEqual({
      source: "timeout",
      at: iso(10 * MIN),
      reason: "start timeout 10m elapsed",
    });
    expect(run.steps).toEqual([]);
  });

  it("timeouts.start no longer applies once the run started; a run that ends in time keeps its status", async () => {
    const fn = new Quell({ id: "app" }).createFunction(
      { id: "job", timeouts: { start: "1m", finish: "1h" } },
      { event: "job/started" },
      async ({ step }) => {
        await step.sleep("nap", "30m");
        return "done";
      },
    );
    const d = await start([fn]);
    const { ids } = await d.send({ name: "job/started" });
    await d.advance("5m");
    expect((await runOf(d, ids[0])).status).toBe("Sleeping");
    await d.advance("2h");
    const run = await runOf(d, ids[0]);
    expect(run.status).toBe("Completed");
    expect(run.ended_at).toBe(iso(30 * MIN));
    expect(run.cancellation).toBeNull();
  });

  it("a replay gets fresh deadlines, counted from its own creation and start", async () => {
    const fn = new Quell({ id: "app" }).createFunction(
      { id: "job", timeouts: { finish: "1h" } },
      { event: "job/started" },
      async ({ step }) => {
        await step.sleep("nap", "2h");
      },
    );
    const d = await start([fn]);
    const { ids } = await d.send({ name: "job/started" });
    await d.advance("5h");
    const original = await runOf(d, ids[0]);
    expect(original.ended_at).toBe(iso(HOUR));
    const replay = await d.replayRun(original.id);
    await d.advance("59m");
    expect((await d.getRun(replay.id)).status).toBe("Sleeping");
    await d.advance("1m");
    const ended = await d.getRun(replay.id);
    expect(ended.status).toBe("Cancelled");
    expect(ended.ended_at).toBe(iso(6 * HOUR));
    expect(ended.cancellation?.reason).toBe("finish timeout 1h elapsed");
  });
});
