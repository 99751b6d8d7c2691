import { Quell } from "@quell/core";
import { memoryStore } from "@quell/memory";
import { describe, expect, it } from "vitest";
import { createEngine, type Engine, virtualClock } from "../../src/index";
import { flush } from "../support/fixtures";
import { stallingStore } from "../support/stalling-store";

// SPEC §4.5 and §7.6: a bulk cancellation selects exactly the runs that exist when it is
// requested, whatever the event processor is doing at that moment. Each test stalls the engine
// at a store call (a store call that takes long under load) and makes the request there. The
// virtual clock never moves: every run is created in the request's own millisecond, so only the
// order of creation can tell them apart.

const T0 = Date.UTC(2024, 0, 1);
const quiet = { debug() {}, info() {}, warn() {}, error: console.error };

const quell = new Quell({ id: "bulk-pos" });
const napper = quell.createFunction({ id: "nap" }, { event: "bulk-pos/nap" }, async ({ step }) =>
  step.sleep("nap", "1h"),
);
const request = { appId: "bulk-pos", functionId: "nap", startedBefore: T0 };

const setup = async (method: "markProcessed" | "listRuns") => {
  const shared = memoryStore();
  const slow = stallingStore(shared, method);
  const engine = createEngine({
    functions: [napper],
    store: slow.store,
    clock: virtualClock(T0),
    logger: quiet,
  });
  await engine.start();
  return { slow, engine };
};

const statusOf = async (engine: Engine, eventId = "") =>
  (await engine.runsForEvent(eventId))[0]?.status;

/** The replay of the run `eventId` triggered, once it exists. */
const replayOf = async (engine: Engine, eventId = "") => {
  for (;;) {
    const replay = (await engine.runsForEvent(eventId)).find((r) => r.original_run_id !== null);
    if (replay !== undefined) return replay;
    await flush();
  }
};

describe("bulk cancellation and the runs that exist when it is requested", () => {
  it("selects a run whose event is still being processed (created, not yet marked processed)", async () => {
    const { slow, engine } = await setup("markProcessed");
    slow.arm();
    const sending = engine.send({ name: "bulk-pos/nap" });
    await slow.entered; // the batch created its run and is stuck before marking it processed
    const [run] = (await engine.listRuns()).runs;
    expect(run?.status).toBe("Queued");

    const created = await engine.createCancellation(request);
    slow.open();
    await sending;
    await engine.idle();
    expect(await engine.getCancellation(created.id)).toMatchObject({
      status: "completed",
      matched: 1,
      cancelled: 1,
    });
    expect((await engine.getRun(run?.id ?? ""))?.cancellation).toMatchObject({
      source: "bulk",
      cancellation_id: created.id,
    });
    await engine.stop();
  });

  it("selects a replay created while events are still pending", async () => {
    const { slow, engine } = await setup("markProcessed");
    const { ids } = await engine.send({ name: "bulk-pos/nap" });
    const [first] = await engine.runsForEvent(ids[0] ?? "");
    await engine.cancelRun(first?.id ?? "");
    slow.arm();
    const sending = engine.send({ name: "bulk-pos/nap" });
    await slow.entered; // an event is pending while the replay is created
    // (replayRun then waits for the stalled tick: look for the replay in the store instead)
    const replaying = engine.replayRun(first?.id ?? "");
    const replay = await replayOf(engine, ids[0]);

    const created = await engine.createCancellation(request);
    slow.open();
    const [sent] = await Promise.all([sending, replaying]);
    await engine.idle();
    // Both selected; each cancelled by this request, by the sweep or at its first step boundary
    // (a run the boundary cancelled first is matched, not counted again: docs/cancellation.md).
    expect(await engine.getCancellation(created.id)).toMatchObject({ matched: 2 });
    const [second] = await engine.runsForEvent(sent.ids[0] ?? "");
    for (const run of [replay, second]) {
      const now = await engine.getRun(run?.id ?? "");
      expect(now?.status).toBe("Cancelled");
      expect(now?.cancellation).toMatchObject({ source: "bulk", cancellation_id: created.id });
    }
    await engine.stop();
  });

  it("never selects a run or a replay created after the request, in its millisecond", async () => {
    const { slow, engine } = await setup("listRuns");
    const { ids } = await engine.send([{ name: "bulk-pos/nap" }, { name: "bulk-pos/nap" }]);
    const [ended] = await engine.runsForEvent(ids[0] ?? "");
    await engine.cancelRun(ended?.id ?? "");
    slow.arm();
    const created = await engine.createCancellation(request);
    await slow.entered; // the sweep is stuck before its first page: the record is running

    const replay = await engine.replayRun(ended?.id ?? "");
    const later = await engine.send({ name: "bulk-pos/nap" });
    slow.open();
    await engine.idle();
    expect(await engine.getCancellation(created.id)).toMatchObject({
      status: "completed",
      matched: 1,
      cancelled: 1,
    });
    expect(await statusOf(engine, ids[1])).toBe("Cancelled");
    expect(await statusOf(engine, later.ids[0])).toBe("Sleeping");
    expect((await engine.getRun(replay.id))?.status).toBe("Sleeping");
    await engine.stop();
  });
});
