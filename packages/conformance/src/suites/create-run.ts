import type { Run, Store } from "@quell/core";
import { left, right } from "fp-ts/lib/Either.js";
import { describe, expect, it } from "vitest";
import { makeIngest, makeListener, makeRun, makeWrite } from "../fixtures";
import { type Harness, sortedIds } from "../harness";

const FAR = Number.MAX_SAFE_INTEGER;

/** Everything a run's writes can touch, read without changing anything. */
export const observe = async (store: Store, runId: string, events: readonly string[]) => ({
  run: await store.getRun(runId),
  listeners: (await Promise.all(events.map((name) => store.findListeners(name, () => "k")))).map(
    sortedIds,
  ),
  dueTimers: await store.dueTimers(FAR, 1_000),
  nextDueAt: await store.nextDueAt(),
  lastSeq: await store.lastSeq(),
  pending: await store.pendingEvents(1_000),
});

/** A run with every field set to something worth round-tripping. */
export const richRun = (): Run =>
  makeRun({
    state: "sleeping",
    version: 7,
    createdSeq: 3,
    createdAt: 1_700_000_000_000,
    startedAt: 1_700_000_000_010,
    attempt: 2,
    steps: {
      abc: { id: "fetch", hash: "abc", kind: "run", status: "completed", output: { n: [1, "x"] } },
      def: {
        id: "send",
        hash: "def",
        kind: "sendEvent",
        status: "failed",
        error: { name: "Error", message: "boom", stack: "at x" },
        settledAfterCancel: true,
      },
    },
    inFlight: { id: "next", hash: "0a1", kind: "run", startedAt: 1_700_000_000_020 },
    wake: { at: 1_700_000_100_000, reason: "sleep" },
    waiting: {
      id: "w",
      hash: "0a2",
      event: "x/y",
      if: "async.data.a == event.data.a",
      kind: "event",
    },
    cancellation: { source: "api", at: 1_700_000_000_030, reason: "because" },
    output: { done: true, list: [null, 1.5, "é"] },
    error: null,
    originalRunId: "run-original",
    timeline: [
      { at: 1, type: "created" },
      { at: 2, type: "step.completed", step: "fetch", detail: "ok" },
    ],
    parent: { runId: "run-parent", stepHash: "0a3", cascade: "detach" },
  });

export const createRunTests = ({ fresh }: Harness): void => {
  describe("createRun", () => {
    it("stores the run, its listeners, timer and queue item together", async () => {
      const store = await fresh();
      const run = makeRun({ createdAt: 100 });
      const listener = makeListener({ runId: run.id, event: "a/cancel" });
      const indexed = makeListener({
        runId: run.id,
        event: "a/cancel",
        index: { signature: "data.id", key: "42" },
      });
      const write = makeWrite(run, {
        addListeners: [listener, indexed],
        timer: 500,
        enqueueAt: 100,
      });
      expect(await store.createRun(write)).toEqual(right(undefined));
      expect(await store.getRun(run.id)).toEqual(run);
      const found = await store.findListeners("a/cancel", (s) => (s === "data.id" ? "42" : null));
      expect(sortedIds(found)).toEqual(sortedIds([listener, indexed]));
      expect(found.find((l) => l.id === indexed.id)).toEqual(indexed);
      expect(await store.nextDueAt()).toBe(100);
      expect(await store.dueTimers(500, 10)).toEqual([run.id]);
      expect(await store.claimQueued(100, 10, Number.MAX_SAFE_INTEGER)).toEqual([run.id]);
      expect(await store.runsForEvent(run.triggerEventId)).toEqual([run]);
      expect((await store.listRuns({})).runs).toEqual([run]);
    });

    it("round-trips every field of a run unchanged", async () => {
      const store = await fresh();
      const run = richRun();
      await store.createRun(makeWrite(run));
      expect(await store.getRun(run.id)).toEqual(run);
    });

    it("appends emitted events to the log with seq", async () => {
      const store = await fresh();
      await store.ingest([makeIngest()]);
      const before = await store.lastSeq();
      const emitted = makeIngest({ name: "inngest/function.finished" });
      await store.createRun(makeWrite(makeRun(), { emit: [emitted] }));
      expect(await store.lastSeq()).toBeGreaterThan(before);
      const stored = await store.getEvent(emitted.internalId);
      expect(stored?.seq).toBe(await store.lastSeq());
      expect((await store.pendingEvents(10)).map((e) => e.internalId)).toContain(
        emitted.internalId,
      );
    });

    it("refuses an existing id with RunExists and leaves everything unchanged", async () => {
      const store = await fresh();
      const run = makeRun({ createdAt: 10 });
      const kept = makeListener({ runId: run.id, event: "a/cancel" });
      await store.createRun(makeWrite(run, { addListeners: [kept], timer: 50, enqueueAt: 20 }));
      const before = await observe(store, run.id, ["a/cancel", "b/cancel"]);
      const twin = makeRun({ id: run.id, createdAt: 5, state: "running" });
      const result = await store.createRun(
        makeWrite(twin, {
          addListeners: [makeListener({ runId: run.id, event: "b/cancel" })],
          removeListeners: [kept.id],
          timer: 1,
          enqueueAt: 1,
          emit: [makeIngest()],
        }),
      );
      expect(result).toEqual(left({ _tag: "RunExists", runId: run.id }));
      expect(await observe(store, run.id, ["a/cancel", "b/cancel"])).toEqual(before);
      expect(await store.claimQueued(19, 10, Number.MAX_SAFE_INTEGER)).toEqual([]);
      expect(await store.claimQueued(20, 10, Number.MAX_SAFE_INTEGER)).toEqual([run.id]);
      expect((await store.listRuns({})).runs).toEqual([run]);
    });

    it("lets exactly one of two concurrent creations of one id win", async () => {
      const store = await fresh();
      const run = makeRun();
      const results = await Promise.all([
        store.createRun(makeWrite(run, { enqueueAt: 1 })),
        store.createRun(makeWrite({ ...run, state: "running" }, { enqueueAt: 1 })),
      ]);
      expect(results.filter((r) => r._tag === "Right")).toHaveLength(1);
      expect(results.filter((r) => r._tag === "Left")).toEqual([
        left({ _tag: "RunExists", runId: run.id }),
      ]);
      expect(await store.claimQueued(1, 10, Number.MAX_SAFE_INTEGER)).toEqual([run.id]);
    });
  });
};
