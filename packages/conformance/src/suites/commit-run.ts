import { left, right } from "fp-ts/lib/Either.js";
import { describe, expect, it } from "vitest";
import { makeCommit, makeIngest, makeListener, makeRun, makeWrite, nextVersion } from "../fixtures";
import { type Harness, sortedIds } from "../harness";
import { observe } from "./create-run";

const EVENTS = ["a/cancel", "b/cancel"];

export const commitRunTests = ({ fresh }: Harness): void => {
  describe("commitRun", () => {
    const setup = async () => {
      const store = await fresh();
      const run = makeRun({ createdAt: 10 });
      const kept = makeListener({ runId: run.id, event: "a/cancel" });
      const dropped = makeListener({ runId: run.id, event: "a/cancel" });
      await store.ingest([makeIngest()]);
      await store.createRun(makeWrite(run, { addListeners: [kept, dropped], timer: 50 }));
      return { store, run, kept, dropped };
    };

    it("stores the run and every side write with the right version", async () => {
      const { store, run, kept, dropped } = await setup();
      const seq = await store.lastSeq();
      const next = nextVersion(run, { state: "waiting" });
      const added = makeListener({ runId: run.id, event: "b/cancel", kind: "wait" });
      const emitted = [makeIngest({ name: "x/one" }), makeIngest({ name: "x/two" })];
      const result = await store.commitRun(
        makeCommit(next, run.version, {
          addListeners: [added],
          removeListeners: [dropped.id],
          timer: 80,
          enqueueAt: 30,
          emit: emitted,
        }),
      );
      expect(result).toEqual(right(undefined));
      expect(await store.getRun(run.id)).toEqual(next);
      expect(sortedIds(await store.findListeners("a/cancel", () => null))).toEqual([kept.id]);
      expect(await store.findListeners("b/cancel", () => null)).toEqual([added]);
      expect(await store.dueTimers(79, 10)).toEqual([]);
      expect(await store.dueTimers(80, 10)).toEqual([run.id]);
      expect(await store.nextDueAt()).toBe(30);
      expect(await store.claimQueued(30, 10, Number.MAX_SAFE_INTEGER)).toEqual([run.id]);
      const [one, two] = await Promise.all(emitted.map((e) => store.getEvent(e.internalId)));
      expect(one?.payload).toEqual(emitted[0]?.payload);
      expect(one?.seq).toBeGreaterThan(seq);
      expect(two?.seq).toBeGreaterThan(one?.seq ?? Number.POSITIVE_INFINITY);
      expect(await store.lastSeq()).toBe(two?.seq);
      const pending = (await store.pendingEvents(10)).map((e) => e.internalId);
      expect(pending.slice(-2)).toEqual(emitted.map((e) => e.internalId));
    });

    it("leaves the timer alone when timer is undefined and clears it when null", async () => {
      const { store, run } = await setup();
      const v2 = nextVersion(run);
      await store.commitRun(makeCommit(v2, run.version, { timer: undefined }));
      expect(await store.dueTimers(50, 10)).toEqual([run.id]);
      const v3 = nextVersion(v2);
      await store.commitRun(makeCommit(v3, v2.version, { timer: null }));
      expect(await store.dueTimers(Number.MAX_SAFE_INTEGER, 10)).toEqual([]);
      expect(await store.nextDueAt()).toBeNull();
    });

    it("replaces a listener removed and re-added in one write", async () => {
      const { store, run, kept } = await setup();
      const replacement = { ...kept, expiresAt: 999 };
      const next = nextVersion(run);
      await store.commitRun(
        makeCommit(next, run.version, { removeListeners: [kept.id], addListeners: [replacement] }),
      );
      const found = await store.findListeners("a/cancel", () => null);
      expect(found.filter((l) => l.id === kept.id)).toEqual([replacement]);
    });

    it("ignores removal of unknown listener ids", async () => {
      const { store, run } = await setup();
      const next = nextVersion(run);
      const result = await store.commitRun(
        makeCommit(next, run.version, { removeListeners: ["no-such-listener"] }),
      );
      expect(result).toEqual(right(undefined));
      expect(await store.findListeners("a/cancel", () => null)).toHaveLength(2);
    });

    it("answers a wrong version with VersionConflict and changes nothing", async () => {
      const { store, run, dropped } = await setup();
      const before = await observe(store, run.id, EVENTS);
      for (const expected of [run.version - 1, run.version + 1]) {
        const result = await store.commitRun(
          makeCommit(nextVersion(run, { state: "completed" }), expected, {
            addListeners: [makeListener({ runId: run.id, event: "b/cancel" })],
            removeListeners: [dropped.id],
            timer: 5,
            enqueueAt: 5,
            emit: [makeIngest()],
            lease: 5,
          }),
        );
        expect(result).toEqual(
          left({ _tag: "VersionConflict", runId: run.id, expected, actual: run.version }),
        );
      }
      expect(await observe(store, run.id, EVENTS)).toEqual(before);
      expect(await store.claimQueued(Number.MAX_SAFE_INTEGER, 10, Number.MAX_SAFE_INTEGER)).toEqual(
        [],
      );
    });

    it("answers RunNotFound for an unknown run and stores nothing", async () => {
      const store = await fresh();
      const ghost = makeRun();
      const result = await store.commitRun(
        makeCommit(ghost, 1, {
          addListeners: [makeListener({ runId: ghost.id, event: "a/cancel" })],
          timer: 5,
          enqueueAt: 5,
          emit: [makeIngest()],
          lease: 5,
        }),
      );
      expect(result).toEqual(left({ _tag: "RunNotFound", runId: ghost.id }));
      expect(await observe(store, ghost.id, EVENTS)).toEqual({
        run: null,
        listeners: [[], []],
        dueTimers: [],
        nextDueAt: null,
        lastSeq: 0,
        pending: [],
      });
      expect(await store.claimQueued(Number.MAX_SAFE_INTEGER, 10, Number.MAX_SAFE_INTEGER)).toEqual(
        [],
      );
    });

    it("chains versions: a stale writer loses to the one that committed first", async () => {
      const { store, run } = await setup();
      const v2 = nextVersion(run, { state: "running" });
      expect(await store.commitRun(makeCommit(v2, 1))).toEqual(right(undefined));
      const stale = nextVersion(run, { state: "cancelled" });
      expect(await store.commitRun(makeCommit(stale, 1))).toEqual(
        left({ _tag: "VersionConflict", runId: run.id, expected: 1, actual: 2 }),
      );
      const v3 = nextVersion(v2, { state: "completed" });
      expect(await store.commitRun(makeCommit(v3, 2))).toEqual(right(undefined));
      expect(await store.getRun(run.id)).toEqual(v3);
    });

    it("lets exactly one of two concurrent commits on one version win", async () => {
      const { store, run } = await setup();
      const completed = nextVersion(run, { state: "completed" });
      const cancelled = nextVersion(run, { state: "cancelled" });
      const results = await Promise.all([
        store.commitRun(makeCommit(completed, 1, { emit: [makeIngest()] })),
        store.commitRun(makeCommit(cancelled, 1, { emit: [makeIngest()] })),
      ]);
      const winners = results.flatMap((r, i) => (r._tag === "Right" ? [i] : []));
      expect(winners).toHaveLength(1);
      const winner = winners[0] === 0 ? completed : cancelled;
      expect(await store.getRun(run.id)).toEqual(winner);
      expect(results[1 - (winners[0] ?? 0)]).toEqual(
        left({ _tag: "VersionConflict", runId: run.id, expected: 1, actual: 2 }),
      );
      expect(await store.pendingEvents(10)).toHaveLength(2);
    });
  });
};
