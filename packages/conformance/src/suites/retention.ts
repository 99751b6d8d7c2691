import {
  isTerminal,
  type PruneRequest,
  type Run,
  type RunState,
  runStates,
  type Store,
} from "@quell/core";
import { describe, expect, it } from "vitest";
import {
  inCreationOrder,
  makeCommit,
  makeIngest,
  makeRun,
  makeWrite,
  nextVersion,
} from "../fixtures";
import type { Harness } from "../harness";
import { makeBulkCancellation } from "./operations";
import { allPages } from "./queries";

/** A prune with nothing due unless the test says so. */
const prune = (store: Store, request: Partial<PruneRequest>) =>
  store.prune({ endedBefore: 0, receivedBefore: 0, now: 0, limit: 100, ...request });

/** Every run the port lists, by any route: all states, per function, per trigger. */
const listed = async (store: Store, runs: readonly Run[]) => {
  const all = (await allPages(store, {}, 3)).runs.map((r) => r.id);
  const byFunction = (await allPages(store, { functionId: "ret-fn" }, 3)).runs.map((r) => r.id);
  const byTrigger = (
    await Promise.all(runs.map((run) => store.runsForEvent(run.triggerEventId)))
  ).flatMap((found) => found.map((r) => r.id));
  return { all: all.sort(), byFunction: byFunction.sort(), byTrigger: byTrigger.sort() };
};

/** A stored, processed event received at `at`. */
const processedEvent = async (store: Store, at: number, dedupeKey: string | null = null) => {
  const [result] = await store.ingest([makeIngest({ receivedAt: at, dedupeKey })]);
  if (result?._tag !== "Ingested") throw new Error("expected a new event");
  await store.markProcessed(result.event.internalId);
  return result.event.internalId;
};

const ENDED: readonly [RunState, number][] = [
  ["completed", 100],
  ["failed", 200],
  ["cancelled", 300],
  ["skipped", 50],
];
/** Every state a run can still leave. */
const LIVE: readonly RunState[] = runStates.filter((state) => !isTerminal(state));

export const retentionTests = ({ fresh, dedupeWindowMs }: Harness): void => {
  describe("prune", () => {
    it("deletes runs that ended before the bound from every listing, and no other run", async () => {
      const store = await fresh();
      const old = ENDED.map(([state, endedAt]) =>
        makeRun({ functionId: "ret-fn", state, endedAt, createdAt: 0 }),
      );
      const recent = makeRun({ functionId: "ret-fn", state: "completed", endedAt: 1_000 });
      // Non-terminal runs of any age stay, whatever their `endedAt` says: the state decides.
      const live = LIVE.map((state) =>
        makeRun({ functionId: "ret-fn", state, createdAt: 0, endedAt: 1 }),
      );
      // Created after the old ones: their positions follow.
      const kept = inCreationOrder([...old, recent, ...live]).slice(old.length);
      for (const run of [...old, ...kept]) await store.createRun(makeWrite(run));

      expect(await prune(store, { endedBefore: 500 })).toEqual({
        runs: 4,
        events: 0,
        bulkCancellations: 0,
        dedupeKeys: 0,
      });
      for (const run of old) expect(await store.getRun(run.id)).toBeNull();
      for (const run of kept) expect(await store.getRun(run.id)).toEqual(run);
      const ids = kept.map((r) => r.id).sort();
      expect(await listed(store, [...old, ...kept])).toEqual({
        all: ids,
        byFunction: ids,
        byTrigger: ids,
      });
      const completed = await store.listRuns({ states: ["completed", "failed", "skipped"] });
      expect(completed.runs.map((r) => r.id)).toEqual([recent.id]);
      expect((await prune(store, { endedBefore: 500 })).runs).toBe(0);
    });

    it("follows a run's latest write, not its first end", async () => {
      const store = await fresh();
      const run = makeRun({ state: "completed", endedAt: 10 });
      await store.createRun(makeWrite(run));
      // The store does not decide: a write that takes the run out of a terminal state wins.
      const reopened = nextVersion(run, { state: "running", endedAt: null });
      await store.commitRun(makeCommit(reopened, run.version));
      expect((await prune(store, { endedBefore: 100 })).runs).toBe(0);
      const ended = nextVersion(reopened, { state: "failed", endedAt: 200 });
      await store.commitRun(makeCommit(ended, reopened.version));
      expect((await prune(store, { endedBefore: 200 })).runs).toBe(0);
      expect((await prune(store, { endedBefore: 201 })).runs).toBe(1);
      expect(await store.getRun(run.id)).toBeNull();
    });

    it("drops a pruned run's timer, queue item and lease", async () => {
      const store = await fresh();
      const run = makeRun({ state: "cancelled", endedAt: 10 });
      await store.createRun(makeWrite(run, { timer: 50, enqueueAt: 40, lease: 60 }));
      expect(await store.nextDueAt()).toBe(40);
      await prune(store, { endedBefore: 100 });
      expect(await store.nextDueAt()).toBeNull();
      expect(await store.claimQueued(1_000, 10, 2_000)).toEqual([]);
      expect(await store.dueTimers(1_000, 10)).toEqual([]);
    });

    it("keeps a trigger event while a stored run needs it, then deletes it with its last run", async () => {
      const store = await fresh();
      const trigger = await processedEvent(store, 0);
      const sleeping = makeRun({ state: "sleeping", triggerEventId: trigger });
      const ended = makeRun({ state: "completed", endedAt: 10, triggerEventId: trigger });
      await store.createRun(makeWrite(sleeping));
      await store.createRun(makeWrite(ended));
      expect(await prune(store, { endedBefore: 100, receivedBefore: 100 })).toMatchObject({
        runs: 1,
        events: 0,
      });
      expect((await store.getEvent(trigger))?.internalId).toBe(trigger);
      expect((await store.runsForEvent(trigger)).map((r) => r.id)).toEqual([sleeping.id]);

      const done = nextVersion(sleeping, { state: "completed", endedAt: 20 });
      await store.commitRun(makeCommit(done, sleeping.version));
      // The run goes, and the event it freed goes in the same call.
      expect(await prune(store, { endedBefore: 100, receivedBefore: 100 })).toMatchObject({
        runs: 1,
        events: 1,
      });
      expect(await store.getEvent(trigger)).toBeNull();
      expect(await store.runsForEvent(trigger)).toEqual([]);
    });

    it("keeps an event a run was created for after it was processed", async () => {
      const store = await fresh();
      const trigger = await processedEvent(store, 0);
      // A replay creates a run for an event processed long ago.
      await store.createRun(makeWrite(makeRun({ state: "queued", triggerEventId: trigger })));
      expect((await prune(store, { receivedBefore: 100 })).events).toBe(0);
      expect(await store.getEvent(trigger)).not.toBeNull();
    });

    it("never deletes a pending event, nor one received at or after the bound", async () => {
      const store = await fresh();
      const [pending] = await store.ingest([makeIngest({ receivedAt: 0 })]);
      const late = await processedEvent(store, 100);
      expect((await prune(store, { receivedBefore: 100 })).events).toBe(0);
      expect(await store.pendingEvents(10)).toHaveLength(1);
      if (pending?._tag !== "Ingested") throw new Error("expected a new event");
      await store.markProcessed(pending.event.internalId);
      expect((await prune(store, { receivedBefore: 100 })).events).toBe(1);
      expect(await store.getEvent(pending.event.internalId)).toBeNull();
      expect(await store.getEvent(late)).not.toBeNull();
      expect(await store.lastSeq()).toBe(2);
    });

    it("deletes at most `limit` of each kind per call, earliest first", async () => {
      const store = await fresh();
      const runs = [5, 3, 1, 4, 2].map((endedAt) => makeRun({ state: "completed", endedAt }));
      for (const run of runs) await store.createRun(makeWrite(run));
      const events: string[] = [];
      for (const at of [30, 10, 20]) events.push(await processedEvent(store, at));
      const bounds = { endedBefore: 100, receivedBefore: 100, limit: 2 };

      expect(await prune(store, bounds)).toMatchObject({ runs: 2, events: 2 });
      const left = await Promise.all(runs.map((run) => store.getRun(run.id)));
      expect(left.map((r) => r?.endedAt ?? null)).toEqual([5, 3, null, 4, null]);
      expect(await store.getEvent(events[0] ?? "")).not.toBeNull(); // received at 30: the last
      expect(await prune(store, bounds)).toMatchObject({ runs: 2, events: 1 });
      expect(await prune(store, bounds)).toMatchObject({ runs: 1, events: 0 });
      expect(await prune(store, bounds)).toMatchObject({ runs: 0, events: 0 });
    });

    it("keeps deduplicating after the first event is deleted, and forgets ids past the window", async () => {
      const store = await fresh();
      const first = await processedEvent(store, 0, "order-1");
      expect(await prune(store, { receivedBefore: 10, now: 10 })).toMatchObject({
        events: 1,
        dedupeKeys: 0,
      });
      expect(await store.getEvent(first)).toBeNull();
      const resend = makeIngest({ receivedAt: dedupeWindowMs - 1, dedupeKey: "order-1" });
      expect(await store.ingest([resend])).toEqual([{ _tag: "Duplicate", internalId: first }]);
      expect(await store.pendingEvents(10)).toEqual([]);

      expect((await prune(store, { now: dedupeWindowMs - 1 })).dedupeKeys).toBe(0);
      expect((await prune(store, { now: dedupeWindowMs })).dedupeKeys).toBe(1);
      const later = makeIngest({ receivedAt: dedupeWindowMs, dedupeKey: "order-1" });
      expect((await store.ingest([later]))[0]?._tag).toBe("Ingested");
    });

    it("deletes bulk cancellations that ended before the bound, never a running one", async () => {
      const store = await fresh();
      const [running, done, stopped, recent] = (
        [
          ["B1", "running", 10],
          ["B2", "completed", 20],
          ["B3", "stopped", 30],
          ["B4", "completed", 500],
        ] as const
      ).map(([id, status, updated_at], i) =>
        makeBulkCancellation({ id, created_at: i + 1, status, updated_at }),
      );
      if (running === undefined || recent === undefined) throw new Error("four records");
      for (const record of [running, done, stopped, recent])
        if (record !== undefined) await store.putBulkCancellation(record, null);
      // A record that ends is indexed by its end; one that was ended and runs again is not.
      await store.putBulkCancellation({ ...running, version: 2, updated_at: 11 }, 1);

      expect((await prune(store, { endedBefore: 100 })).bulkCancellations).toBe(2);
      expect((await store.listBulkCancellations()).map((r) => r.id)).toEqual(["B4", "B1"]);
      expect(await store.getBulkCancellation("B2")).toBeNull();
      const ended = { ...running, status: "stopped" as const, version: 3, updated_at: 50 };
      await store.putBulkCancellation(ended, 2);
      expect((await prune(store, { endedBefore: 100 })).bulkCancellations).toBe(1);
      expect((await store.listBulkCancellations()).map((r) => r.id)).toEqual(["B4"]);
    });
  });
};
