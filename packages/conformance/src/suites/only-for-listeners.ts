import type { Store } from "@quell/core";
import { describe, expect, it } from "vitest";
import { makeCommit, makeIngest, makeListener, makeRun, makeWrite, nextVersion } from "../fixtures";
import type { Harness } from "../harness";

const pendingIds = async (store: Store): Promise<string[]> =>
  (await store.pendingEvents(100)).map((event) => event.internalId);

/**
 * `IngestRequest.onlyForListeners`: an event only a listener could consume is appended already
 * processed when no listener for its name is stored in the write that appends it; it is still
 * stored, listed and in the ingestion order. With a listener for its name it is pending.
 */
export const onlyForListenersTests = ({ fresh }: Harness): void => {
  describe("events only for listeners", () => {
    it("with no listener for the name: stored, listed and counted, never pending", async () => {
      const store = await fresh();
      const request = makeIngest({ name: "inngest/function.finished", onlyForListeners: true });
      const [result] = await store.ingest([request]);
      expect(result?._tag).toBe("Ingested");
      expect(await pendingIds(store)).toEqual([]);
      expect(await store.getEvent(request.internalId)).not.toBeNull();
      expect((await store.listEvents({})).events.map((e) => e.internalId)).toEqual([
        request.internalId,
      ]);
      expect(await store.lastSeq()).toBe(1);
    });

    it("with a listener for the name, or without the flag: pending as usual", async () => {
      const store = await fresh();
      const run = makeRun();
      const listener = makeListener({ runId: run.id, event: "inngest/function.finished" });
      await store.createRun(makeWrite(run, { addListeners: [listener] }));
      const heard = makeIngest({ name: "inngest/function.finished", onlyForListeners: true });
      const plain = makeIngest({ name: "inngest/function.cancelled" });
      const unheard = makeIngest({ name: "inngest/function.cancelled", onlyForListeners: true });
      await store.ingest([heard, plain, unheard]);
      expect(await pendingIds(store)).toEqual([heard.internalId, plain.internalId]);
    });

    it("decides inside a commit's write: a listener the same write removes or adds counts", async () => {
      const store = await fresh();
      const run = makeRun();
      const old = makeListener({ runId: run.id, event: "test/a" });
      await store.createRun(makeWrite(run, { addListeners: [old] }));
      const added = makeListener({ runId: run.id, event: "test/b" });
      const emits = ["test/a", "test/b", "test/c"].map((name) =>
        makeIngest({ name, onlyForListeners: true }),
      );
      const committed = await store.commitRun(
        makeCommit(nextVersion(run), run.version, {
          removeListeners: [old.id],
          addListeners: [added],
          emit: emits,
        }),
      );
      expect(committed._tag).toBe("Right");
      // test/a lost its only listener in this write; test/b gained one; test/c never had one.
      expect(await pendingIds(store)).toEqual([emits[1]?.internalId]);
    });

    it("lets retention take such an event like any processed one no run was triggered by", async () => {
      const store = await fresh();
      const request = makeIngest({ name: "test/x", receivedAt: 10, onlyForListeners: true });
      await store.ingest([request]);
      const pruned = await store.prune({ endedBefore: 0, receivedBefore: 11, now: 11, limit: 10 });
      expect(pruned.events).toBe(1);
      expect(await store.getEvent(request.internalId)).toBeNull();
    });
  });
};
