import type { Run, RunWrite, Store } from "@quell/core";
import { describe, expect, it } from "vitest";
import { makeCommit, makeRun, makeWrite, nextVersion } from "../fixtures";
import type { Harness } from "../harness";

/** A lease that never expires in these tests: claims are checked here, expiry in leases.ts. */
const HELD = Number.MAX_SAFE_INTEGER;

/** Create runs `s-0`, `s-1`, … with the given timers / queue items, in that order. */
const createAll = async (
  store: Store,
  writes: readonly Partial<RunWrite>[],
  prefix = "s",
): Promise<Run[]> => {
  const runs: Run[] = [];
  for (const [i, write] of writes.entries()) {
    const run = makeRun({ id: `${prefix}-${i}` });
    await store.createRun(makeWrite(run, write));
    runs.push(run);
  }
  return runs;
};

export const schedulingTests = ({ fresh }: Harness): void => {
  describe("timers", () => {
    it("reports only due timers, earliest first, without removing them", async () => {
      const store = await fresh();
      await createAll(store, [{ timer: 30 }, { timer: 10 }, { timer: 20 }, { timer: 20 }, {}]);
      expect(await store.dueTimers(9, 10)).toEqual([]);
      expect(await store.dueTimers(20, 10)).toEqual(["s-1", "s-2", "s-3"]);
      expect(await store.dueTimers(20, 10)).toEqual(["s-1", "s-2", "s-3"]);
      expect(await store.dueTimers(100, 2)).toEqual(["s-1", "s-2"]);
      expect(await store.dueTimers(100, 0)).toEqual([]);
      expect(await store.dueTimers(100, 10)).toEqual(["s-1", "s-2", "s-3", "s-0"]);
    });

    it("keeps one timer per run: a later commit replaces or clears it", async () => {
      const store = await fresh();
      const [later, earlier, cleared] = await createAll(store, [
        { timer: 10 },
        { timer: 50 },
        { timer: 10 },
      ]);
      if (later === undefined || earlier === undefined || cleared === undefined) throw new Error();
      await store.commitRun(makeCommit(nextVersion(later), 1, { timer: 40 }));
      await store.commitRun(makeCommit(nextVersion(earlier), 1, { timer: 5 }));
      await store.commitRun(makeCommit(nextVersion(cleared), 1, { timer: null }));
      expect(await store.dueTimers(10, 10)).toEqual([earlier.id]);
      expect(await store.nextDueAt()).toBe(5);
      expect(await store.dueTimers(1_000, 10)).toEqual([earlier.id, later.id]);
    });
  });

  describe("queue", () => {
    it("claims each due item once, earliest first, within limit", async () => {
      const store = await fresh();
      await createAll(store, [
        { enqueueAt: 3 },
        { enqueueAt: 1 },
        { enqueueAt: 2 },
        { enqueueAt: 9 },
      ]);
      expect(await store.claimQueued(0, 10, HELD)).toEqual([]);
      expect(await store.claimQueued(5, 2, HELD)).toEqual(["s-1", "s-2"]);
      expect(await store.claimQueued(5, 10, HELD)).toEqual(["s-0"]);
      expect(await store.claimQueued(5, 10, HELD)).toEqual([]);
      expect(await store.claimQueued(9, 0, HELD)).toEqual([]);
      expect(await store.claimQueued(9, 10, HELD)).toEqual(["s-3"]);
      expect(await store.claimQueued(Number.MAX_SAFE_INTEGER, 10, HELD)).toEqual([]);
    });

    it("keeps one queue item per run: enqueueing again moves it", async () => {
      const store = await fresh();
      const [run] = await createAll(store, [{ enqueueAt: 5 }]);
      if (run === undefined) throw new Error();
      const v2 = nextVersion(run);
      await store.commitRun(makeCommit(v2, 1, { enqueueAt: 20 }));
      expect(await store.claimQueued(19, 10, HELD)).toEqual([]);
      await store.commitRun(makeCommit(nextVersion(v2), 2, { enqueueAt: undefined }));
      expect(await store.claimQueued(25, 10, HELD)).toEqual([run.id]);
      expect(await store.claimQueued(25, 10, HELD)).toEqual([]);
    });

    it("can queue a run again after it was claimed", async () => {
      const store = await fresh();
      const [run] = await createAll(store, [{ enqueueAt: 1 }]);
      if (run === undefined) throw new Error();
      expect(await store.claimQueued(1, 1, HELD)).toEqual([run.id]);
      await store.commitRun(makeCommit(nextVersion(run), 1, { enqueueAt: 2 }));
      expect(await store.claimQueued(2, 1, HELD)).toEqual([run.id]);
    });

    it("hands each item to one of several concurrent claimers", async () => {
      const store = await fresh();
      const runs = await createAll(
        store,
        Array.from({ length: 12 }, (_, i) => ({ enqueueAt: i })),
      );
      const claims = await Promise.all([1, 2, 3, 4].map(() => store.claimQueued(100, 5, HELD)));
      const claimed = claims.flat();
      expect(claimed).toHaveLength(12);
      expect([...claimed].sort()).toEqual(runs.map((r) => r.id).sort());
    });
  });

  describe("nextDueAt", () => {
    it("is the earliest live timer, queue item or lease", async () => {
      const store = await fresh();
      expect(await store.nextDueAt()).toBeNull();
      const [timed, queued] = await createAll(store, [{ timer: 40 }, { enqueueAt: 30 }]);
      if (timed === undefined || queued === undefined) throw new Error();
      expect(await store.nextDueAt()).toBe(30);
      expect(await store.claimQueued(30, 10, HELD)).toEqual([queued.id]);
      expect(await store.nextDueAt()).toBe(40);
      await store.commitRun(makeCommit(nextVersion(timed), 1, { timer: 45 }));
      expect(await store.nextDueAt()).toBe(45);
      await store.commitRun(makeCommit(nextVersion(nextVersion(timed)), 2, { timer: null }));
      expect(await store.nextDueAt()).toBe(HELD);
      await store.releaseLease(queued.id);
      expect(await store.nextDueAt()).toBeNull();
    });

    it("keeps timers and queue items independent", async () => {
      const store = await fresh();
      const [run] = await createAll(store, [{ timer: 10, enqueueAt: 10 }]);
      if (run === undefined) throw new Error();
      expect(await store.claimQueued(10, 10, HELD)).toEqual([run.id]);
      expect(await store.dueTimers(10, 10)).toEqual([run.id]);
      expect(await store.nextDueAt()).toBe(10);
    });
  });
};
