import type { Listener } from "@quell/core";
import { ScheduleHeap } from "./heap";
import { Multimap } from "./multimap";

/** The listeners filed under one signature, and the one copy of that string they all share. */
interface Signed {
  readonly signature: string;
  readonly keys: Multimap<Listener>;
}

interface EventListeners {
  /** signature → key → listeners (SPEC R7: lookups cost O(signatures), not O(listeners)). */
  readonly indexed: Map<string, Signed>;
  /** Listeners whose expression has no equality to index on: evaluated per candidate. */
  readonly unindexed: Set<Listener>;
}

/**
 * Listeners by id, indexed by event name and by their expression's index key, with a heap of
 * the timed ones by `expiresAt` so that expired listeners leave the index without a scan.
 */
export class ListenerIndex {
  private readonly byId = new Map<string, Listener>();
  private readonly byEvent = new Map<string, EventListeners>();
  private readonly expiry = new ScheduleHeap();

  get size(): number {
    return this.byId.size;
  }

  /** Some listener (expired or not) waits for events of this name. */
  hears(name: string): boolean {
    return this.byEvent.has(name);
  }

  /**
   * Add a listener (stamped with `afterSeq` when given); an existing listener with the same id is
   * replaced. An indexed listener is stored as a copy whose signature is the string every
   * listener filed under it shares: each run's listener builds its own, a million equal strings.
   */
  add(given: Listener, afterSeq?: number): void {
    this.remove(given.id);
    const bucket = this.bucket(given.event);
    if (given.index === null) {
      const listener = afterSeq === undefined ? given : { ...given, afterSeq };
      this.file(listener);
      bucket.unindexed.add(listener);
      return;
    }
    let signed = bucket.indexed.get(given.index.signature);
    if (signed === undefined) {
      signed = { signature: given.index.signature, keys: new Multimap() };
      bucket.indexed.set(signed.signature, signed);
    }
    const index = { ...given.index, signature: signed.signature };
    const listener = afterSeq === undefined ? { ...given, index } : { ...given, afterSeq, index };
    this.file(listener);
    signed.keys.add(index.key, listener);
  }

  /** By id, and by expiry if it has one. */
  private file(listener: Listener): void {
    this.byId.set(listener.id, listener);
    if (listener.expiresAt !== null) this.expiry.set(listener.id, listener.expiresAt);
  }

  /** Remove a listener by id; unknown ids are ignored. Empty buckets are dropped. */
  remove(id: string): void {
    const listener = this.byId.get(id);
    if (listener === undefined) return;
    this.byId.delete(id);
    if (listener.expiresAt !== null) this.expiry.delete(id);
    const bucket = this.byEvent.get(listener.event);
    if (bucket === undefined) return;
    if (listener.index === null) {
      bucket.unindexed.delete(listener);
    } else {
      const signed = bucket.indexed.get(listener.index.signature);
      signed?.keys.delete(listener.index.key, listener);
      if (signed?.keys.size === 0) bucket.indexed.delete(listener.index.signature);
    }
    if (bucket.unindexed.size === 0 && bucket.indexed.size === 0) {
      this.byEvent.delete(listener.event);
    }
  }

  /**
   * Drop every listener whose `expiresAt` is before `horizon`: the caller guarantees that no
   * event it will still match was received before `horizon`, so none of these can accept one
   * (SPEC R4). Amortised O(log n) per listener, once in its life; nothing is scanned.
   */
  expireBefore(horizon: number): number {
    const next = this.expiry.peekAt();
    if (next === null || next >= horizon) return 0;
    const expired = this.expiry.takeBefore(horizon, Number.POSITIVE_INFINITY);
    for (const id of expired) this.remove(id);
    return expired.length;
  }

  /** Indexed listeners whose key matches, plus the unindexed ones, for one event name. */
  find(eventName: string, keyFor: (signature: string) => string | null): Listener[] {
    const bucket = this.byEvent.get(eventName);
    if (bucket === undefined) return [];
    const out: Listener[] = [];
    for (const { signature, keys } of bucket.indexed.values()) {
      const key = keyFor(signature);
      if (key !== null) keys.collect(key, out);
    }
    for (const listener of bucket.unindexed) out.push(listener);
    return out;
  }

  private bucket(eventName: string): EventListeners {
    let bucket = this.byEvent.get(eventName);
    if (bucket === undefined) {
      bucket = { indexed: new Map(), unindexed: new Set() };
      this.byEvent.set(eventName, bucket);
    }
    return bucket;
  }
}
