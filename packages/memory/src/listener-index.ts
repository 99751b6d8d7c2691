import type { Listener } from "@quell/core";
import { IdMultimap } from "./id-multimap";

interface EventListeners {
  /** signature → key → listener ids (SPEC R7: lookups cost O(signatures), not O(listeners)). */
  readonly indexed: Map<string, IdMultimap>;
  /** Listeners whose expression has no equality to index on: evaluated per candidate. */
  readonly unindexed: Set<string>;
}

/** Listeners by id, indexed by event name and by their expression's index key. */
export class ListenerIndex {
  private readonly byId = new Map<string, Listener>();
  private readonly byEvent = new Map<string, EventListeners>();

  get size(): number {
    return this.byId.size;
  }

  /** Add a listener; an existing listener with the same id is replaced. */
  add(listener: Listener): void {
    this.remove(listener.id);
    this.byId.set(listener.id, listener);
    const bucket = this.bucket(listener.event);
    if (listener.index === null) {
      bucket.unindexed.add(listener.id);
      return;
    }
    let keys = bucket.indexed.get(listener.index.signature);
    if (keys === undefined) {
      keys = new IdMultimap();
      bucket.indexed.set(listener.index.signature, keys);
    }
    keys.add(listener.index.key, listener.id);
  }

  /** Remove a listener by id; unknown ids are ignored. Empty buckets are dropped. */
  remove(id: string): void {
    const listener = this.byId.get(id);
    if (listener === undefined) return;
    this.byId.delete(id);
    const bucket = this.byEvent.get(listener.event);
    if (bucket === undefined) return;
    if (listener.index === null) {
      bucket.unindexed.delete(id);
    } else {
      const keys = bucket.indexed.get(listener.index.signature);
      keys?.delete(listener.index.key, id);
      if (keys?.size === 0) bucket.indexed.delete(listener.index.signature);
    }
    if (bucket.unindexed.size === 0 && bucket.indexed.size === 0) {
      this.byEvent.delete(listener.event);
    }
  }

  /** Indexed listeners whose key matches, plus the unindexed ones, for one event name. */
  find(eventName: string, keyFor: (signature: string) => string | null): Listener[] {
    const bucket = this.byEvent.get(eventName);
    if (bucket === undefined) return [];
    const out: Listener[] = [];
    for (const [signature, keys] of bucket.indexed) {
      const key = keyFor(signature);
      if (key === null) continue;
      this.collect(keys.get(key), out);
    }
    this.collect(bucket.unindexed, out);
    return out;
  }

  private collect(ids: Iterable<string>, out: Listener[]): void {
    for (const id of ids) {
      const listener = this.byId.get(id);
      if (listener !== undefined) out.push(listener);
    }
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
