import type { IngestResult, StoredEvent } from "@quell/core";
import { describe, expect, it } from "vitest";
import { makeIngest } from "../fixtures";
import type { Harness } from "../harness";

const ingested = (result: IngestResult | undefined): StoredEvent => {
  if (result?._tag !== "Ingested") throw new Error(`expected Ingested, got ${result?._tag}`);
  return result.event;
};

export const ingestionTests = ({ fresh, dedupeWindowMs: window }: Harness): void => {
  describe("ingestion", () => {
    it("starts empty", async () => {
      const store = await fresh();
      expect(await store.lastSeq()).toBe(0);
      expect(await store.pendingEvents(10)).toEqual([]);
      expect(await store.getEvent("missing")).toBeNull();
      expect(await store.nextDueAt()).toBeNull();
      expect(await store.listRuns({})).toEqual({ runs: [], cursor: null });
      expect(await store.getRun("missing")).toBeNull();
    });

    it("assigns strictly increasing seq in call order and in batch order", async () => {
      const store = await fresh();
      const batch = [makeIngest(), makeIngest({ name: "b" }), makeIngest({ name: "c" })];
      const first = await store.ingest(batch);
      const single = await store.ingest([makeIngest({ receivedAt: 5 })]);
      const last = await store.ingest([makeIngest({ receivedAt: 6 })]);
      const events = [...first, ...single, ...last].map(ingested);
      expect(events.slice(0, 3)).toEqual(
        batch.map((r) => ({
          internalId: r.internalId,
          seq: expect.any(Number),
          receivedAt: r.receivedAt,
          payload: r.payload,
        })),
      );
      const seqs = events.map((event) => event.seq);
      expect(seqs[0]).toBeGreaterThan(0);
      for (let i = 1; i < seqs.length; i++) expect(seqs[i]).toBeGreaterThan(seqs[i - 1] ?? 0);
      expect(await store.lastSeq()).toBe(seqs[seqs.length - 1]);
    });

    it("ingests an empty batch as nothing", async () => {
      const store = await fresh();
      expect(await store.ingest([])).toEqual([]);
      expect(await store.lastSeq()).toBe(0);
    });

    it("returns stored events by internal id", async () => {
      const store = await fresh();
      const request = makeIngest({ name: "order/paid", data: { a: [1, { b: null }] } });
      const [result] = await store.ingest([request]);
      expect(await store.getEvent(request.internalId)).toEqual(ingested(result));
      expect(await store.getEvent("unknown")).toBeNull();
    });

    it("answers a duplicate dedupeKey with the first internal id and assigns no seq", async () => {
      const store = await fresh();
      const first = makeIngest({ dedupeKey: "user-id-1", receivedAt: 1_000 });
      const [original] = await store.ingest([first]);
      const seq = await store.lastSeq();
      const again = makeIngest({ dedupeKey: "user-id-1", receivedAt: 2_000 });
      const third = makeIngest({ dedupeKey: "user-id-1", receivedAt: 3_000 });
      expect(await store.ingest([again])).toEqual([
        { _tag: "Duplicate", internalId: first.internalId },
      ]);
      expect(await store.ingest([third])).toEqual([
        { _tag: "Duplicate", internalId: first.internalId },
      ]);
      expect(await store.lastSeq()).toBe(seq);
      expect(await store.getEvent(again.internalId)).toBeNull();
      expect(await store.pendingEvents(10)).toEqual([ingested(original)]);
    });

    it("takes an internal id it holds for the same request again: nothing changes", async () => {
      const store = await fresh();
      const request = makeIngest({ name: "order/placed", receivedAt: 5 });
      const first = ingested((await store.ingest([request]))[0]);
      await store.markProcessed(request.internalId);
      const other = makeIngest({ name: "order/other", receivedAt: 6 });
      const again = await store.ingest([
        { ...request, dedupeKey: "key-1", receivedAt: 7, onlyForListeners: true },
        other,
      ]);
      expect(again[0]).toEqual({ _tag: "Ingested", event: first });
      expect(ingested(again[1]).seq).toBe(first.seq + 1);
      expect(await store.lastSeq()).toBe(first.seq + 1);
      expect(await store.getEvent(request.internalId)).toEqual(first);
      expect((await store.pendingEvents(10)).map((e) => e.internalId)).toEqual([other.internalId]);
      const listed = (await store.listEvents({})).events.map((e) => e.internalId);
      expect(listed).toEqual([other.internalId, request.internalId]);
      // Its dedupe key was not remembered: another event may use it.
      const keyed = ingested((await store.ingest([makeIngest({ dedupeKey: "key-1" })]))[0]);
      expect(keyed.seq).toBe(first.seq + 2);
    });

    it("deduplicates inside one batch", async () => {
      const store = await fresh();
      const a = makeIngest({ dedupeKey: "k" });
      const b = makeIngest({ dedupeKey: "other" });
      const c = makeIngest({ dedupeKey: "k" });
      const results = await store.ingest([a, b, c]);
      expect(results.map((r) => r._tag)).toEqual(["Ingested", "Ingested", "Duplicate"]);
      expect(results[2]).toEqual({ _tag: "Duplicate", internalId: a.internalId });
      expect(ingested(results[1]).seq).toBe(await store.lastSeq());
    });

    it("never deduplicates events without a dedupeKey", async () => {
      const store = await fresh();
      const a = makeIngest();
      const b = makeIngest({ payload: a.payload });
      const results = await store.ingest([a, b]);
      expect(results.map((r) => r._tag)).toEqual(["Ingested", "Ingested"]);
    });

    it("deduplicates within the window of receivedAt and not after it", async () => {
      const store = await fresh();
      const first = makeIngest({ dedupeKey: "k", receivedAt: 10_000 });
      await store.ingest([first]);
      const inside = makeIngest({ dedupeKey: "k", receivedAt: 10_000 + window - 1 });
      expect(await store.ingest([inside])).toEqual([
        { _tag: "Duplicate", internalId: first.internalId },
      ]);
      const after = makeIngest({ dedupeKey: "k", receivedAt: 10_000 + window });
      const [renewed] = await store.ingest([after]);
      expect(ingested(renewed).internalId).toBe(after.internalId);
      // The window restarts at the event that was ingested again.
      const next = makeIngest({ dedupeKey: "k", receivedAt: 10_000 + window + 1 });
      expect(await store.ingest([next])).toEqual([
        { _tag: "Duplicate", internalId: after.internalId },
      ]);
    });

    it("lists pending events in seq order, up to limit, until marked processed", async () => {
      const store = await fresh();
      const results = await store.ingest([makeIngest(), makeIngest(), makeIngest()]);
      const [a, b, c] = results.map(ingested);
      expect(await store.pendingEvents(10)).toEqual([a, b, c]);
      expect(await store.pendingEvents(2)).toEqual([a, b]);
      await store.markProcessed(b?.internalId ?? "");
      expect(await store.pendingEvents(10)).toEqual([a, c]);
      await store.markProcessed(b?.internalId ?? "");
      await store.markProcessed("unknown");
      expect(await store.pendingEvents(10)).toEqual([a, c]);
      // A processed event is still readable.
      expect(await store.getEvent(b?.internalId ?? "")).toEqual(b);
      await store.markProcessed(a?.internalId ?? "");
      await store.markProcessed(c?.internalId ?? "");
      expect(await store.pendingEvents(10)).toEqual([]);
      expect(await store.lastSeq()).toBe(c?.seq);
    });

    it("keeps seq unique under concurrent ingestion", async () => {
      const store = await fresh();
      const batches = Array.from({ length: 20 }, () => [makeIngest(), makeIngest()]);
      const results = await Promise.all(batches.map((batch) => store.ingest(batch)));
      const seqs = results.flat().map((r) => ingested(r).seq);
      expect(new Set(seqs).size).toBe(40);
      for (const pair of results) {
        expect(ingested(pair[1]).seq).toBeGreaterThan(ingested(pair[0]).seq);
      }
      const pending = await store.pendingEvents(100);
      expect(pending.map((e) => e.seq)).toEqual([...seqs].sort((x, y) => x - y));
      expect(await store.lastSeq()).toBe(Math.max(...seqs));
    });
  });
};
