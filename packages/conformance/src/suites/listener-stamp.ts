import type { Listener, Store } from "@quell/core";
import { left, right } from "fp-ts/lib/Either.js";
import { describe, expect, it } from "vitest";
import { makeCommit, makeIngest, makeListener, makeRun, makeWrite, nextVersion } from "../fixtures";
import type { Harness } from "../harness";

/** Seqs of the events ingested by one call. */
const ingestSeqs = async (store: Store, count: number): Promise<number[]> => {
  const results = await store.ingest(Array.from({ length: count }, () => makeIngest()));
  return results.map((r) => (r._tag === "Ingested" ? r.event.seq : Number.NaN));
};

/** The stored listener with this id, found through the index as the engine finds it. */
const stored = async (store: Store, listener: Listener): Promise<Listener | undefined> => {
  const found = await store.findListeners(listener.event, () => listener.index?.key ?? null);
  return found.find((l) => l.id === listener.id);
};

/**
 * `RunWrite.stampListenersAtCommit`: the listeners a write adds get the store's ingestion
 * position inside that same write, so events ingested before the write are `<= afterSeq` and
 * events ingested after it are `> afterSeq` (a `step.waitForEvent` counts only later events).
 */
export const listenerStampTests = ({ fresh }: Harness): void => {
  describe("stampListenersAtCommit", () => {
    const setup = async () => {
      const store = await fresh();
      const run = makeRun();
      await store.createRun(makeWrite(run));
      return { store, run };
    };

    it("sets afterSeq of every added listener to the position current at the commit", async () => {
      const { store, run } = await setup();
      const before = await ingestSeqs(store, 3);
      const position = await store.lastSeq();
      const wait = makeListener({ runId: run.id, kind: "wait", event: "x/paid", afterSeq: 0 });
      const keyed = makeListener({
        runId: run.id,
        kind: "wait",
        event: "x/paid",
        index: { signature: "data.id", key: '"o-1"' },
        afterSeq: 999, // the writer's value is replaced, whichever way it is off
        expiresAt: Number.MAX_SAFE_INTEGER, // and no other field changes, to the last digit
      });
      const result = await store.commitRun(
        makeCommit(nextVersion(run, { state: "waiting" }), run.version, {
          addListeners: [wait, keyed],
          timer: 1_700_000_000_123,
          stampListenersAtCommit: true,
        }),
      );
      expect(result).toEqual(right(undefined));
      const after = await ingestSeqs(store, 2);
      expect(await stored(store, wait)).toEqual({ ...wait, afterSeq: position });
      expect(await stored(store, keyed)).toEqual({ ...keyed, afterSeq: position });
      for (const seq of before) expect(seq).toBeLessThanOrEqual(position);
      for (const seq of after) expect(seq).toBeGreaterThan(position);
    });

    it("stamps before the write's own emitted events, which are not after the listener", async () => {
      const { store, run } = await setup();
      await ingestSeqs(store, 2);
      const position = await store.lastSeq();
      const wait = makeListener({ runId: run.id, kind: "wait", event: "x/paid", afterSeq: 50 });
      const emitted = makeIngest({ name: "x/paid" });
      await store.commitRun(
        makeCommit(nextVersion(run), run.version, {
          addListeners: [wait],
          emit: [emitted],
          stampListenersAtCommit: true,
        }),
      );
      const event = await store.getEvent(emitted.internalId);
      expect(await stored(store, wait)).toEqual({ ...wait, afterSeq: position });
      expect(event?.seq).toBe(position + 1);
    });

    it("stamps 0 on a store that has ingested nothing, and stamps createRun too", async () => {
      const store = await fresh();
      const run = makeRun();
      const first = makeListener({ runId: run.id, afterSeq: 7 });
      await store.createRun(
        makeWrite(run, { addListeners: [first], stampListenersAtCommit: true }),
      );
      expect(await stored(store, first)).toEqual({ ...first, afterSeq: 0 });
      await ingestSeqs(store, 4);
      const other = makeRun();
      const second = makeListener({ runId: other.id, afterSeq: 0 });
      await store.createRun(
        makeWrite(other, { addListeners: [second], stampListenersAtCommit: true }),
      );
      expect(await stored(store, second)).toEqual({ ...second, afterSeq: 4 });
    });

    it("stores afterSeq as given when the flag is absent or false", async () => {
      const { store, run } = await setup();
      await ingestSeqs(store, 3);
      const absent = makeListener({ runId: run.id, afterSeq: 1 });
      const v2 = nextVersion(run);
      await store.commitRun(makeCommit(v2, run.version, { addListeners: [absent] }));
      const off = makeListener({ runId: run.id, afterSeq: 42 });
      await store.commitRun(
        makeCommit(nextVersion(v2), v2.version, {
          addListeners: [off],
          stampListenersAtCommit: false,
        }),
      );
      expect(await stored(store, absent)).toEqual(absent);
      expect(await stored(store, off)).toEqual(off);
    });

    it("re-stamps a listener removed and re-added in one write", async () => {
      const { store, run } = await setup();
      const wait = makeListener({ runId: run.id, kind: "wait", event: "x/paid", afterSeq: 0 });
      const v2 = nextVersion(run);
      await store.commitRun(
        makeCommit(v2, run.version, { addListeners: [wait], stampListenersAtCommit: true }),
      );
      expect((await stored(store, wait))?.afterSeq).toBe(0);
      await ingestSeqs(store, 2);
      await store.commitRun(
        makeCommit(nextVersion(v2), v2.version, {
          removeListeners: [wait.id],
          addListeners: [wait],
          stampListenersAtCommit: true,
        }),
      );
      expect(await stored(store, wait)).toEqual({ ...wait, afterSeq: 2 });
    });

    it("stores nothing when the stamped commit loses on its version", async () => {
      const { store, run } = await setup();
      await ingestSeqs(store, 1);
      const wait = makeListener({ runId: run.id, event: "x/paid" });
      const result = await store.commitRun(
        makeCommit(nextVersion(run), run.version + 1, {
          addListeners: [wait],
          stampListenersAtCommit: true,
        }),
      );
      expect(result).toEqual(
        left({
          _tag: "VersionConflict",
          runId: run.id,
          expected: run.version + 1,
          actual: run.version,
        }),
      );
      expect(await stored(store, wait)).toBeUndefined();
    });

    it("splits events ingested concurrently with the commit into before and after", async () => {
      const { store, run } = await setup();
      const wait = makeListener({ runId: run.id, kind: "wait", event: "x/paid" });
      const racing = Array.from({ length: 10 }, () => ingestSeqs(store, 1));
      const commit = store.commitRun(
        makeCommit(nextVersion(run), run.version, {
          addListeners: [wait],
          stampListenersAtCommit: true,
        }),
      );
      racing.push(...Array.from({ length: 10 }, () => ingestSeqs(store, 1)));
      expect(await commit).toEqual(right(undefined));
      const seqs = (await Promise.all(racing)).flat();
      const afterSeq = (await stored(store, wait))?.afterSeq ?? Number.NaN;
      // The position is one the log actually passed through: some number of the racing events
      // were in before the commit (all seqs up to it), the rest after.
      expect(Number.isInteger(afterSeq)).toBe(true);
      expect(afterSeq).toBeGreaterThanOrEqual(0);
      expect(afterSeq).toBeLessThanOrEqual(seqs.length);
      expect(seqs.filter((seq) => seq <= afterSeq)).toHaveLength(afterSeq);
    });
  });
};
