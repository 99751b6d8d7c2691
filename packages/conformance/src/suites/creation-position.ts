import type { Run, Store } from "@quell/core";
import { left } from "fp-ts/lib/Either.js";
import { describe, expect, it } from "vitest";
import { makeCommit, makeIngest, makeRun, makeWrite, nextVersion } from "../fixtures";
import type { Harness } from "../harness";

// A run's creation position (`createdPos`, `lastCreatedPos`) is how a bulk cancellation tells
// the runs that existed at its request from the runs created after it, in the same millisecond
// or while their event was still being processed (SPEC §4.5). The store owns it: it assigns it
// in the write that creates the run and keeps it through every later write.

/** Where `run` is stored, by each route that reads runs. */
const positions = async (store: Store, run: Run) => ({
  getRun: (await store.getRun(run.id))?.createdPos,
  listRuns: (await store.listRuns({})).runs.find((r) => r.id === run.id)?.createdPos,
  runsForEvent: (await store.runsForEvent(run.triggerEventId))[0]?.createdPos,
});

const everywhere = (pos: number) => ({ getRun: pos, listRuns: pos, runsForEvent: pos });

export const creationPositionTests = ({ fresh }: Harness): void => {
  describe("creation positions", () => {
    it("gives each created run the next position, whatever the writer sent", async () => {
      const store = await fresh();
      expect(await store.lastCreatedPos()).toBe(0);
      const runs = [makeRun({ createdPos: 0 }), makeRun({ createdPos: 99 }), makeRun()];
      for (const run of runs) await store.createRun(makeWrite(run));
      for (const [i, run] of runs.entries())
        expect(await positions(store, run)).toEqual(everywhere(i + 1));
      expect(await store.lastCreatedPos()).toBe(3);
    });

    it("takes no position for a refused creation, an ingestion or a commit", async () => {
      const store = await fresh();
      const run = makeRun();
      await store.createRun(makeWrite(run));
      const twin = await store.createRun(makeWrite({ ...run, createdPos: 7 }));
      expect(twin).toEqual(left({ _tag: "RunExists", runId: run.id }));
      await store.ingest([makeIngest(), makeIngest()]);
      await store.commitRun(makeCommit(nextVersion(run), run.version, { emit: [makeIngest()] }));
      expect(await store.lastCreatedPos()).toBe(1);
      expect(await positions(store, run)).toEqual(everywhere(1));
      // Not an ingestion position: the log moved on, run positions did not.
      expect(await store.lastSeq()).toBe(3);
    });

    it("keeps a run's position through commits, whatever the writer sends", async () => {
      const store = await fresh();
      const [first, run] = [makeRun(), makeRun()];
      await store.createRun(makeWrite(first));
      await store.createRun(makeWrite(run));
      const v2 = nextVersion(run, { state: "running", createdPos: 1 });
      await store.commitRun(makeCommit(v2, run.version));
      const v3 = nextVersion(v2, { state: "completed", createdPos: 50 });
      await store.commitRun(makeCommit(v3, v2.version));
      expect(await store.getRun(run.id)).toEqual({ ...v3, createdPos: 2 });
      expect(await positions(store, run)).toEqual(everywhere(2));
    });

    it("never gives a position twice, even after retention deleted its run", async () => {
      const store = await fresh();
      const ended = makeRun({ state: "completed", endedAt: 1 });
      await store.createRun(makeWrite(ended));
      await store.prune({ endedBefore: 10, receivedBefore: 0, now: 0, limit: 10 });
      expect(await store.getRun(ended.id)).toBeNull();
      const next = makeRun();
      await store.createRun(makeWrite(next));
      expect(await positions(store, next)).toEqual(everywhere(2));
      expect(await store.lastCreatedPos()).toBe(2);
    });

    it("splits runs created concurrently with a lastCreatedPos read into before and after", async () => {
      const store = await fresh();
      const runs = Array.from({ length: 20 }, () => makeRun());
      const creating = runs.slice(0, 10).map((run) => store.createRun(makeWrite(run)));
      const read = store.lastCreatedPos();
      creating.push(...runs.slice(10).map((run) => store.createRun(makeWrite(run))));
      await Promise.all(creating);
      const last = await read;
      const stored = await Promise.all(runs.map((run) => store.getRun(run.id)));
      const given = stored.map((run) => run?.createdPos ?? Number.NaN);
      // Every position is given once; the read saw exactly the runs created before it.
      expect([...given].sort((a, b) => a - b)).toEqual(runs.map((_, i) => i + 1));
      expect(Number.isInteger(last)).toBe(true);
      expect(given.filter((pos) => pos <= last)).toHaveLength(last);
    });
  });
};
