import { makeIngest, makeListener, makeRun, makeWrite } from "@quell/conformance";
import type { Listener, Store } from "@quell/core";
import { describe, expect, it } from "vitest";
import { memoryStore } from "../src/index";
import { ListenerIndex } from "../src/listener-index";

const GRACE = 1_000;

const timed = (expiresAt: number | null, overrides: Partial<Listener> = {}): Listener =>
  makeListener({ event: "order/cancelled", expiresAt, ...overrides });

const withListeners = async (store: Store, listeners: readonly Listener[]) => {
  await store.createRun(makeWrite(makeRun(), { addListeners: listeners }));
};

const ids = (listeners: readonly Listener[]): string[] => listeners.map((l) => l.id).sort();

describe("ListenerIndex expiry", () => {
  it("drops exactly the listeners that expired before the horizon, indexed or not", () => {
    const index = new ListenerIndex();
    const early = timed(100, { index: { signature: "data.id", key: "1" } });
    const edge = timed(200);
    const late = timed(300, { index: { signature: "data.id", key: "1" } });
    const forever = timed(null);
    for (const l of [early, edge, late, forever]) index.add(l);
    expect(index.expireBefore(200)).toBe(1);
    expect(ids(index.find("order/cancelled", () => "1"))).toEqual(ids([edge, late, forever]));
    expect(index.expireBefore(10_000)).toBe(2);
    expect(index.find("order/cancelled", () => "1")).toEqual([forever]);
    expect(index.size).toBe(1);
  });

  it("forgets the expiry of a removed or replaced listener", () => {
    const index = new ListenerIndex();
    const removed = timed(100);
    const replaced = timed(100);
    index.add(removed);
    index.add(replaced);
    index.remove(removed.id);
    index.add({ ...replaced, expiresAt: 5_000 });
    expect(index.expireBefore(1_000)).toBe(0);
    expect(index.find("order/cancelled", () => null)).toEqual([{ ...replaced, expiresAt: 5_000 }]);
  });
});

describe("memoryStore listener expiry", () => {
  it("keeps a listener while an event received before its expiry waits to be processed", async () => {
    const store = memoryStore({ listenerExpiryGraceMs: GRACE });
    const listener = timed(10_000);
    await withListeners(store, [listener]);
    const early = makeIngest({ name: "order/cancelled", receivedAt: 9_000 });
    await store.ingest([early, makeIngest({ name: "order/cancelled", receivedAt: 50_000 })]);
    // `early` is still pending: it may yet be matched, so the listener must be found.
    expect(await store.findListeners("order/cancelled", () => null)).toEqual([listener]);
    await store.markProcessed(early.internalId);
    expect(await store.findListeners("order/cancelled", () => null)).toEqual([]);
  });

  it("waits out the grace period after expiry before dropping", async () => {
    const store = memoryStore({ listenerExpiryGraceMs: GRACE });
    const listener = timed(10_000);
    await withListeners(store, [listener]);
    const inGrace = makeIngest({ name: "other", receivedAt: 10_000 + GRACE });
    await store.ingest([inGrace]);
    expect(await store.findListeners("order/cancelled", () => null)).toEqual([listener]);
    await store.ingest([makeIngest({ name: "other", receivedAt: 10_001 + GRACE })]);
    await store.markProcessed(inGrace.internalId);
    expect(await store.findListeners("order/cancelled", () => null)).toEqual([]);
  });

  it("removes a run's listeners on commit even after one of them expired", async () => {
    const store = memoryStore({ listenerExpiryGraceMs: 0 });
    const run = makeRun();
    const expired = timed(5, { runId: run.id });
    const live = timed(null, { runId: run.id });
    await store.createRun(makeWrite(run, { addListeners: [expired, live] }));
    await store.ingest([makeIngest({ receivedAt: 100 })]);
    expect(await store.findListeners("order/cancelled", () => null)).toEqual([live]);
    const ended = { ...run, version: run.version + 1, state: "cancelled" as const };
    const result = await store.commitRun({
      ...makeWrite(ended, { removeListeners: [expired.id, live.id] }),
      expectedVersion: run.version,
    });
    expect(result._tag).toBe("Right");
    expect(await store.findListeners("order/cancelled", () => null)).toEqual([]);
  });

  it("bounds memory and candidates: a stream of timed-out listeners does not accumulate", async () => {
    const store = memoryStore({ listenerExpiryGraceMs: 0 });
    const index = new ListenerIndex();
    for (let t = 0; t < 2_000; t++) {
      const listener = timed(t + 10);
      index.add(listener);
      index.expireBefore(t);
      await withListeners(store, [listener]);
      const event = makeIngest({ name: "order/cancelled", receivedAt: t });
      await store.ingest([event]);
      const found = await store.findListeners("order/cancelled", () => null);
      await store.markProcessed(event.internalId);
      // Only listeners expiring at or after the event's time may still be candidates.
      expect(found.every((l) => (l.expiresAt ?? 0) >= t)).toBe(true);
      expect(found.length).toBeLessThanOrEqual(11);
      expect(index.size).toBeLessThanOrEqual(11);
    }
  });
});
