import type { Run, Store } from "@quell/core";
import { left, right } from "fp-ts/lib/Either.js";
import { describe, expect, it } from "vitest";
import { makeCommit, makeIngest, makeListener, makeRun, makeWrite, nextVersion } from "../fixtures";
import type { Harness } from "../harness";
import { observe } from "./create-run";

const SLOT = 'test-app-fn|"u1"';

/** A queued run holding `slot`, as the engine creates one. */
const holding = (slot: string, overrides: Partial<Run> = {}): Run =>
  makeRun({ singleton: { slot }, ...overrides });

const claim = (store: Store, run: Run, slot = SLOT) =>
  store.createRun(makeWrite(run, { enqueueAt: 0, claimSingleton: slot }));

/** Commit the run to `cancelling`, letting go of its slot as the reducer asks. */
const release = (store: Store, stored: Run, slot = SLOT) =>
  store.commitRun(
    makeCommit(nextVersion(stored, { state: "cancelling", singleton: null }), stored.version, {
      releaseSingleton: slot,
    }),
  );

export const singletonTests = ({ fresh }: Harness): void => {
  describe("singleton slots (createRun claims, commitRun releases)", () => {
    it("takes a free slot with the run, and refuses a second claim naming the holder, writing nothing", async () => {
      const store = await fresh();
      const first = holding(SLOT);
      expect(await claim(store, first)).toEqual(right(undefined));
      expect(await store.getRun(first.id)).toEqual(first);

      const second = holding(SLOT);
      const before = await observe(store, second.id, ["test/cancel"]);
      const positions = await store.lastCreatedPos();
      const refused = await store.createRun(
        makeWrite(second, {
          addListeners: [makeListener({ runId: second.id })],
          timer: 5,
          enqueueAt: 0,
          emit: [makeIngest({ name: "inngest/function.finished" })],
          claimSingleton: SLOT,
        }),
      );
      expect(refused).toEqual(
        left({ _tag: "SingletonOccupied", runId: second.id, slot: SLOT, holder: first.id }),
      );
      expect(await observe(store, second.id, ["test/cancel"])).toEqual(before);
      expect(await store.lastCreatedPos()).toBe(positions);
      expect(await store.claimQueued(0, 10, Number.MAX_SAFE_INTEGER)).toEqual([first.id]);
    });

    it("answers RunExists before looking at the slot", async () => {
      const store = await fresh();
      const run = holding(SLOT);
      await claim(store, run);
      expect(await claim(store, run)).toEqual(left({ _tag: "RunExists", runId: run.id }));
      expect(await claim(store, run, "another")).toEqual(
        left({ _tag: "RunExists", runId: run.id }),
      );
    });

    it("keeps slots apart: another key, another function, or no claim at all", async () => {
      const store = await fresh();
      expect(await claim(store, holding(SLOT))).toEqual(right(undefined));
      expect(await claim(store, holding('test-app-fn|"u2"'), 'test-app-fn|"u2"')).toEqual(
        right(undefined),
      );
      expect(await claim(store, holding("test-app-other"), "test-app-other")).toEqual(
        right(undefined),
      );
      expect(await store.createRun(makeWrite(makeRun(), { enqueueAt: 0 }))).toEqual(
        right(undefined),
      );
    });

    it("frees the slot in the commit that releases it", async () => {
      const store = await fresh();
      const first = holding(SLOT);
      await claim(store, first);
      expect(await release(store, first)).toEqual(right(undefined));
      const second = holding(SLOT);
      expect(await claim(store, second)).toEqual(right(undefined));
    });

    it("releases only a slot that still names the run (compare-and-delete)", async () => {
      const store = await fresh();
      const first = holding(SLOT);
      await claim(store, first);
      await release(store, first);
      const second = holding(SLOT);
      await claim(store, second);
      // The first run commits again (cancelling → cancelled) with its old slot: the second keeps it.
      const cancelling = (await store.getRun(first.id)) as Run;
      expect(await release(store, cancelling)).toEqual(right(undefined));
      expect(await claim(store, holding(SLOT))).toEqual(
        left(expect.objectContaining({ _tag: "SingletonOccupied", holder: second.id })),
      );
    });

    it("releases nothing when the commit is refused", async () => {
      const store = await fresh();
      const first = holding(SLOT);
      await claim(store, first);
      const stale = { ...first, version: first.version - 1 };
      expect(await release(store, stale)).toEqual(
        left({ _tag: "VersionConflict", runId: first.id, expected: stale.version, actual: 1 }),
      );
      expect(await claim(store, holding(SLOT))).toEqual(
        left(expect.objectContaining({ _tag: "SingletonOccupied", holder: first.id })),
      );
    });

    it("keeps the slot through commits that do not release it", async () => {
      const store = await fresh();
      const first = holding(SLOT);
      await claim(store, first);
      const running = nextVersion(first, { state: "running" });
      expect(await store.commitRun(makeCommit(running, first.version))).toEqual(right(undefined));
      expect(await claim(store, holding(SLOT))).toEqual(
        left(expect.objectContaining({ _tag: "SingletonOccupied", holder: first.id })),
      );
    });

    it("lets exactly one of many concurrent claims of one slot win", async () => {
      const store = await fresh();
      const runs = Array.from({ length: 6 }, () => holding(SLOT));
      const results = await Promise.all(runs.map((run) => claim(store, run)));
      const winners = runs.filter((_, i) => results[i]?._tag === "Right");
      expect(winners).toHaveLength(1);
      const holder = winners[0]?.id;
      for (const [i, result] of results.entries()) {
        if (result._tag === "Right") continue;
        expect(result).toEqual(
          left({ _tag: "SingletonOccupied", runId: runs[i]?.id, slot: SLOT, holder }),
        );
      }
      const stored = await Promise.all(runs.map((run) => store.getRun(run.id)));
      expect(stored.filter((run) => run !== null).map((run) => run.id)).toEqual([holder]);
    });
  });
};
