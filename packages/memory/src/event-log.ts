import type {
  EventPage,
  IngestRequest,
  IngestResult,
  ListEventsFilter,
  StoredEvent,
} from "@quell/core";
import { EventOrder } from "./event-order";
import { ScheduleHeap } from "./heap";

interface FirstSeen {
  readonly internalId: string;
  readonly receivedAt: number;
}

/**
 * The ingestion log: a counter for the total order (SPEC R3), the events by internal id (and in
 * listing order), the not-yet-processed ones in seq order, and the dedupe index. Time only comes from each
 * request's `receivedAt`, so the store never reads a clock.
 */
export class EventLog {
  private seq = 0;
  private newestReceivedAt = Number.NEGATIVE_INFINITY;
  private readonly events = new Map<string, StoredEvent>();
  /** Insertion order is seq order, so iterating it yields pending events oldest first. */
  private readonly pending = new Map<string, StoredEvent>();
  private readonly firstSeen = new Map<string, FirstSeen>();
  /** dedupeKey scheduled at the time its entry expires, so expired keys can be evicted. */
  private readonly expiry = new ScheduleHeap();
  /** Processed events no stored run was triggered by, by `receivedAt`: what retention may take. */
  private readonly idle = new ScheduleHeap();
  /** Every stored event in listing order, so `list` never sorts. */
  private readonly order = new EventOrder();

  constructor(private readonly dedupeWindowMs: number) {}

  get lastSeq(): number {
    return this.seq;
  }

  /**
   * No event still to be processed was received before this time: the oldest pending event's
   * `receivedAt`, or with none pending the newest seen (later events are received later).
   * Like the dedupe window, it assumes `receivedAt` does not go back in ingestion order.
   */
  get horizon(): number {
    for (const event of this.pending.values()) return event.receivedAt;
    return this.newestReceivedAt;
  }

  /** Dedupe keys currently remembered (for tests of the index's bound). */
  get dedupeKeys(): number {
    return this.firstSeen.size;
  }

  /** `heard(name)`: some stored listener waits for events of this name (`onlyForListeners`). */
  append(request: IngestRequest, heard: (name: string) => boolean): IngestResult {
    // The same request again (a resend, a partition's copy of an event): nothing changes.
    const stored = this.events.get(request.internalId);
    if (stored !== undefined) return { _tag: "Ingested", event: stored };
    this.evictExpired(request.receivedAt);
    const key = request.dedupeKey;
    if (key !== null) {
      const first = this.firstSeen.get(key);
      if (first !== undefined && request.receivedAt - first.receivedAt < this.dedupeWindowMs) {
        return { _tag: "Duplicate", internalId: first.internalId };
      }
    }
    this.seq += 1;
    if (request.receivedAt > this.newestReceivedAt) this.newestReceivedAt = request.receivedAt;
    const event: StoredEvent = {
      internalId: request.internalId,
      seq: this.seq,
      receivedAt: request.receivedAt,
      payload: request.payload,
    };
    this.events.set(event.internalId, event);
    this.order.add(event);
    if (request.onlyForListeners !== true || heard(event.payload.name))
      this.pending.set(event.internalId, event);
    else this.idle.set(event.internalId, event.receivedAt);
    if (key !== null) {
      this.firstSeen.set(key, { internalId: event.internalId, receivedAt: request.receivedAt });
      this.expiry.set(key, request.receivedAt + this.dedupeWindowMs);
    }
    return { _tag: "Ingested", event };
  }

  get(internalId: string): StoredEvent | null {
    return this.events.get(internalId) ?? null;
  }

  /** `Store.listEvents`: the stored events, newest first. */
  list(filter: ListEventsFilter): EventPage {
    return this.order.list(filter, (id) => this.get(id));
  }

  pendingEvents(limit: number): StoredEvent[] {
    const out: StoredEvent[] = [];
    if (limit <= 0) return out;
    for (const event of this.pending.values()) {
      out.push(event);
      if (out.length >= limit) break;
    }
    return out;
  }

  /** Returns the event if it was pending (and now is not). */
  markProcessed(internalId: string): StoredEvent | null {
    const event = this.pending.get(internalId);
    if (event === undefined) return null;
    this.pending.delete(internalId);
    return event;
  }

  /**
   * Retention may delete this event once it is old enough: the store says no run needs it. Only
   * processed events qualify; a pending one enters when it is marked processed.
   */
  release(internalId: string): void {
    const event = this.events.get(internalId);
    if (event !== undefined && !this.pending.has(internalId))
      this.idle.set(internalId, event.receivedAt);
  }

  /** A run was triggered by this event: retention must keep it. */
  retain(internalId: string): void {
    this.idle.delete(internalId);
  }

  /** Delete up to `limit` released events received before `bound`, earliest first. */
  prune(bound: number, limit: number): number {
    const ids = this.idle.takeBefore(bound, limit);
    const pruned: StoredEvent[] = [];
    for (const id of ids) {
      const event = this.events.get(id);
      if (event !== undefined) pruned.push(event);
      this.events.delete(id);
    }
    this.order.remove(pruned);
    return ids.length;
  }

  /**
   * Forget up to `limit` dedupe keys whose window has closed at `now` (on ingestion, the
   * incoming request's `receivedAt`). With one process `receivedAt` never goes back; if
   * requests arrive out of order, a key is judged by the newest time seen so far, which can
   * only let a late request through early. Returns how many were forgotten.
   */
  evictExpired(now: number, limit = Number.POSITIVE_INFINITY): number {
    if (this.expiry.size === 0) return 0;
    const keys = this.expiry.take(now, limit);
    for (const key of keys) this.firstSeen.delete(key);
    return keys.length;
  }
}
