import type { Listener } from "@quell/core";
import { ScheduleHeap } from "./heap";
import { Multimap } from "./multimap";

/**
 * The fields an indexed listener has in common with the others of its function, kind and
 * expression under one signature: one object for all of them, a million listeners in one.
 * `count` is how many listeners refer to it, so it leaves with the last (an expression built
 * per run must not leave a shape behind for each).
 */
interface Shape {
  readonly functionId: string;
  readonly kind: Listener["kind"];
  readonly event: string;
  readonly expression: string | null;
  readonly signature: string;
  count: number;
}

/**
 * An indexed listener at rest: its own fields and its shared shape, where a `Listener` with its
 * `index` object costs ~64 B more. Lookups build the `Listener` back, equal to the one added.
 */
class Filed {
  constructor(
    readonly id: string,
    readonly runId: string,
    readonly key: string,
    readonly afterSeq: number,
    readonly expiresAt: number | null,
    readonly stepHash: string | null,
    readonly shape: Shape,
  ) {}

  listener(): Listener {
    const { functionId, kind, event, expression, signature } = this.shape;
    return {
      id: this.id,
      runId: this.runId,
      functionId,
      kind,
      event,
      expression,
      index: { signature, key: this.key },
      afterSeq: this.afterSeq,
      expiresAt: this.expiresAt,
      stepHash: this.stepHash,
    };
  }
}

/** The listeners filed under one signature, and the shapes they share (by function id). */
interface Signed {
  readonly signature: string;
  readonly keys: Multimap<Filed>;
  readonly shapes: Map<string, Shape[]>;
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
  private readonly byId = new Map<string, Listener | Filed>();
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
   * replaced. An unindexed listener is kept as given (or a stamped copy); an indexed one as a
   * `Filed` record.
   */
  add(given: Listener, afterSeq?: number): void {
    this.remove(given.id);
    const bucket = this.bucket(given.event);
    const seq = afterSeq ?? given.afterSeq;
    if (given.index === null) {
      const listener = afterSeq === undefined ? given : { ...given, afterSeq };
      this.file(listener);
      bucket.unindexed.add(listener);
      return;
    }
    let signed = bucket.indexed.get(given.index.signature);
    if (signed === undefined) {
      signed = { signature: given.index.signature, keys: new Multimap(), shapes: new Map() };
      bucket.indexed.set(signed.signature, signed);
    }
    const shape = shapeFor(signed, given);
    shape.count += 1;
    const { id, runId, index, expiresAt, stepHash } = given;
    const filed = new Filed(id, runId, index.key, seq, expiresAt, stepHash, shape);
    this.file(filed);
    signed.keys.add(filed.key, filed);
  }

  /** By id, and by expiry if it has one. */
  private file(listener: Listener | Filed): void {
    this.byId.set(listener.id, listener);
    if (listener.expiresAt !== null) this.expiry.set(listener.id, listener.expiresAt);
  }

  /** Remove a listener by id; unknown ids are ignored. Empty buckets are dropped. */
  remove(id: string): void {
    const listener = this.byId.get(id);
    if (listener === undefined) return;
    this.byId.delete(id);
    if (listener.expiresAt !== null) this.expiry.delete(id);
    const event = listener instanceof Filed ? listener.shape.event : listener.event;
    const bucket = this.byEvent.get(event);
    if (bucket === undefined) return;
    if (listener instanceof Filed) {
      const { shape } = listener;
      const signed = bucket.indexed.get(shape.signature);
      if (signed !== undefined) {
        signed.keys.delete(listener.key, listener);
        shape.count -= 1;
        if (shape.count === 0) dropShape(signed, shape);
        if (signed.keys.size === 0) bucket.indexed.delete(shape.signature);
      }
    } else {
      bucket.unindexed.delete(listener);
    }
    if (bucket.unindexed.size === 0 && bucket.indexed.size === 0) this.byEvent.delete(event);
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
    const filed: Filed[] = [];
    for (const { signature, keys } of bucket.indexed.values()) {
      const key = keyFor(signature);
      if (key !== null) keys.collect(key, filed);
    }
    const out: Listener[] = [];
    for (const record of filed) out.push(record.listener());
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

/** The shape `listener` shares under `signed` (made on first use; a function has a few). */
const shapeFor = (signed: Signed, listener: Listener): Shape => {
  let shapes = signed.shapes.get(listener.functionId);
  if (shapes === undefined) {
    shapes = [];
    signed.shapes.set(listener.functionId, shapes);
  }
  const { functionId, kind, event, expression } = listener;
  const found = shapes.find((s) => s.kind === kind && s.expression === expression);
  if (found !== undefined) return found;
  const shape = { functionId, kind, event, expression, signature: signed.signature, count: 0 };
  shapes.push(shape);
  return shape;
};

const dropShape = (signed: Signed, shape: Shape): void => {
  const shapes = signed.shapes.get(shape.functionId) ?? [];
  const kept = shapes.filter((s) => s !== shape);
  if (kept.length === 0) signed.shapes.delete(shape.functionId);
  else signed.shapes.set(shape.functionId, kept);
};
