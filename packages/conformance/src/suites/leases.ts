import type { Run, Store } from "@quell/core";
import { describe, expect, it } from "vitest";
import { makeCommit, makeRun, makeWrite, nextVersion } from "../fixtures";
import type { Harness } from "../harness";

/** Runs `l-0`, `l-1`, … queued at the given times. */
const queued = async (store: Store, times: readonly number[]): Promise<Run[]> => {
  const runs: Run[] = [];
  for (const [i, at] of times.entries()) {
    const run = makeRun({ id: `l-${i}` });
    await store.createRun(makeWrite(run, { enqueueAt: at }));
    runs.push(run);
  }
  return runs;
};

export const leaseTests = ({ fresh }: Harness): void => {
  describe("execution leases", () => {
    it("leases every claimed run until the claim's leaseUntil", async () => {
      const store = await fresh();
      await queued(store, [1, 2, 3]);
      expect(await store.claimQueued(2, 10, 100)).toEqual(["l-0", "l-1"]);
      expect(await store.nextDueAt()).toBe(3);
      expect(await store.claimQueued(3, 10, 90)).toEqual(["l-2"]);
      expect(await store.nextDueAt()).toBe(90);
      expect(await store.claimExpiredLeases(89, 10, 500)).toEqual([]);
      expect(await store.claimExpiredLeases(90, 10, 500)).toEqual(["l-2"]);
      expect(await store.claimExpiredLeases(100, 10, 500)).toEqual(["l-0", "l-1"]);
    });

    it("leases a recovered run again, so each expiry is recovered by one caller", async () => {
      const store = await fresh();
      await queued(store, [0, 0, 0]);
      await store.claimQueued(0, 10, 10);
      expect(await store.claimExpiredLeases(10, 2, 50)).toEqual(["l-0", "l-1"]);
      expect(await store.claimExpiredLeases(10, 10, 50)).toEqual(["l-2"]);
      expect(await store.claimExpiredLeases(49, 10, 90)).toEqual([]);
      expect(await store.claimExpiredLeases(50, 0, 90)).toEqual([]);
      expect(await store.claimExpiredLeases(50, 10, 90)).toEqual(["l-0", "l-1", "l-2"]);
      expect(await store.nextDueAt()).toBe(90);
    });

    it("hands each expired lease to one of several concurrent recoverers", async () => {
      const store = await fresh();
      const runs = await queued(
        store,
        Array.from({ length: 12 }, (_, i) => i),
      );
      await store.claimQueued(100, 12, 200);
      const claims = await Promise.all(
        [1, 2, 3, 4].map(() => store.claimExpiredLeases(200, 5, 400)),
      );
      expect(claims.flat().sort()).toEqual(runs.map((r) => r.id).sort());
    });

    it("renews only the leases that still exist, and reports which", async () => {
      const store = await fresh();
      await queued(store, [0, 0]);
      await store.claimQueued(0, 10, 10);
      await store.releaseLease("l-0");
      await store.releaseLease("l-0");
      await store.releaseLease("nobody");
      expect(await store.renewLeases(["l-0", "l-1", "nobody"], 60)).toEqual(["l-1"]);
      expect(await store.renewLeases([], 60)).toEqual([]);
      expect(await store.claimExpiredLeases(59, 10, 100)).toEqual([]);
      expect(await store.nextDueAt()).toBe(60);
      expect(await store.claimExpiredLeases(60, 10, 100)).toEqual(["l-1"]);
    });

    it("moves, drops or keeps a lease with the run's commit", async () => {
      const store = await fresh();
      const [a, b, c] = await queued(store, [0, 0, 0]);
      if (a === undefined || b === undefined || c === undefined) throw new Error();
      await store.claimQueued(0, 10, 10);
      await store.commitRun(makeCommit(nextVersion(a, { state: "running" }), 1, { lease: 30 }));
      await store.commitRun(makeCommit(nextVersion(b, { state: "completed" }), 1, { lease: null }));
      await store.commitRun(
        makeCommit(nextVersion(c, { state: "running" }), 1, { lease: undefined }),
      );
      expect(await store.claimExpiredLeases(29, 10, 100)).toEqual([c.id]);
      expect(await store.claimExpiredLeases(30, 10, 100)).toEqual([a.id]);
      expect(await store.renewLeases([a.id, b.id, c.id], 200)).toEqual([a.id, c.id]);
    });

    it("can lease a run in the write that creates it", async () => {
      const store = await fresh();
      const run = makeRun();
      await store.createRun(makeWrite(run, { lease: 7 }));
      expect(await store.nextDueAt()).toBe(7);
      expect(await store.claimExpiredLeases(7, 10, 9)).toEqual([run.id]);
    });
  });

  describe("locks", () => {
    it("is held by one owner until it expires or is released", async () => {
      const store = await fresh();
      expect(await store.acquireLock("events", "a", 0, 100)).toBe(true);
      expect(await store.acquireLock("events", "b", 50, 150)).toBe(false);
      expect(await store.acquireLock("events", "a", 60, 160)).toBe(true);
      expect(await store.acquireLock("events", "b", 159, 259)).toBe(false);
      expect(await store.acquireLock("events", "b", 160, 260)).toBe(true);
      expect(await store.acquireLock("events", "a", 200, 300)).toBe(false);
    });

    it("is released only by its owner, and names are independent", async () => {
      const store = await fresh();
      await store.acquireLock("events", "a", 0, 100);
      expect(await store.acquireLock("bulk:1", "b", 0, 100)).toBe(true);
      await store.releaseLock("events", "b");
      expect(await store.acquireLock("events", "b", 10, 110)).toBe(false);
      await store.releaseLock("events", "a");
      await store.releaseLock("events", "a");
      await store.releaseLock("never", "a");
      expect(await store.acquireLock("events", "b", 10, 110)).toBe(true);
      expect(await store.acquireLock("bulk:1", "a", 10, 110)).toBe(false);
    });

    it("goes to exactly one of several owners asking at once", async () => {
      const store = await fresh();
      const owners = ["a", "b", "c", "d", "e"];
      const got = await Promise.all(
        owners.map((owner) => store.acquireLock("events", owner, 0, 100)),
      );
      expect(got.filter(Boolean)).toHaveLength(1);
    });
  });
};
