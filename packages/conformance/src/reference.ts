import {
  type IngestRequest,
  type IngestResult,
  invalidCursor,
  type Listener,
  type ListRunsFilter,
  type Run,
  type RunPage,
  type RunWrite,
  type StoredEvent,
  type StoreError,
} from "@quell/core";

/** Newest first: `createdAt` desc, then `id` desc. */
const listOrder = (a: Pick<Run, "createdAt" | "id">, b: Pick<Run, "createdAt" | "id">): number =>
  b.createdAt - a.createdAt || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);

/** Earliest first: due time, then run id. */
const dueOrder = ([ia, a]: [string, number], [ib, b]: [string, number]): number =>
  a - b || (ia < ib ? -1 : ia > ib ? 1 : 0);

/** A cursor this model issued (`[createdAt, id]` as JSON), or `invalidCursor()`. */
const readCursor = (cursor: string): Pick<Run, "createdAt" | "id"> => {
  let parsed: unknown;
  try {
    parsed = JSON.parse(cursor);
  } catch {
    throw invalidCursor();
  }
  if (!Array.isArray(parsed) || typeof parsed[0] !== "number" || typeof parsed[1] !== "string") {
    throw invalidCursor();
  }
  return { createdAt: parsed[0], id: parsed[1] };
};

/**
 * The store port's meaning as plain, synchronous code with no index at all: every query scans.
 * The model-based test runs the same operations on it and on a real store and compares.
 */
export class ReferenceStore {
  readonly events: StoredEvent[] = [];
  readonly processed = new Set<string>();
  readonly firstSeen = new Map<string, { internalId: string; receivedAt: number }>();
  readonly runs = new Map<string, Run>();
  readonly listeners = new Map<string, Listener>();
  readonly timers = new Map<string, number>();
  readonly queue = new Map<string, number>();
  /** Execution leases: runId → expiry. */
  readonly leases = new Map<string, number>();
  readonly locks = new Map<string, { owner: string; until: number }>();
  /** The ingestion counter: retention deletes events, so the last one's seq is not it. */
  seq = 0;
  /** The run creation counter: likewise, retention deletes runs. */
  createdPos = 0;

  constructor(readonly dedupeWindowMs: number) {}

  ingest(requests: readonly IngestRequest[]): IngestResult[] {
    return requests.map((request) => {
      const first = request.dedupeKey === null ? undefined : this.firstSeen.get(request.dedupeKey);
      if (first !== undefined && request.receivedAt - first.receivedAt < this.dedupeWindowMs) {
        return { _tag: "Duplicate", internalId: first.internalId };
      }
      const { internalId, receivedAt, payload } = request;
      this.seq += 1;
      const event: StoredEvent = { internalId, seq: this.seq, receivedAt, payload };
      this.events.push(event);
      if (request.dedupeKey !== null)
        this.firstSeen.set(request.dedupeKey, { internalId, receivedAt });
      return { _tag: "Ingested", event };
    });
  }

  lastSeq(): number {
    return this.seq;
  }

  pendingEvents(limit: number): StoredEvent[] {
    return this.events
      .filter((e) => !this.processed.has(e.internalId))
      .slice(0, Math.max(0, limit));
  }

  markProcessed(internalId: string): void {
    if (this.getEvent(internalId) !== null) this.processed.add(internalId);
  }

  getEvent(internalId: string): StoredEvent | null {
    return this.events.find((e) => e.internalId === internalId) ?? null;
  }

  createRun(write: RunWrite): StoreError | null {
    if (this.runs.has(write.run.id)) return { _tag: "RunExists", runId: write.run.id };
    this.createdPos += 1;
    this.apply(write, this.createdPos);
    return null;
  }

  commitRun(write: RunWrite & { readonly expectedVersion: number }): StoreError | null {
    const runId = write.run.id;
    const stored = this.runs.get(runId);
    if (stored === undefined) return { _tag: "RunNotFound", runId };
    if (stored.version !== write.expectedVersion) {
      return {
        _tag: "VersionConflict",
        runId,
        expected: write.expectedVersion,
        actual: stored.version,
      };
    }
    this.apply(write, stored.createdPos);
    return null;
  }

  lastCreatedPos(): number {
    return this.createdPos;
  }

  listAll(filter: Omit<ListRunsFilter, "cursor" | "limit">): Run[] {
    return [...this.runs.values()]
      .filter(
        (r) =>
          (filter.functionId === undefined || r.functionId === filter.functionId) &&
          (filter.states === undefined || filter.states.includes(r.state)) &&
          (filter.createdAfter === undefined || r.createdAt >= filter.createdAfter) &&
          (filter.createdBefore === undefined || r.createdAt <= filter.createdBefore),
      )
      .sort(listOrder);
  }

  /** Keyset pages: the cursor names the last run served, so newer runs never shift a page. */
  listRuns(filter: ListRunsFilter): RunPage {
    const all = this.listAll(filter);
    const after = filter.cursor === undefined ? null : readCursor(filter.cursor);
    const rest = after === null ? all : all.filter((r) => listOrder(r, after) > 0);
    const runs = rest.slice(0, Math.max(1, filter.limit ?? 100));
    const end = runs[runs.length - 1];
    const more = end !== undefined && rest.length > runs.length;
    return { runs, cursor: more ? JSON.stringify([end.createdAt, end.id]) : null };
  }

  runsForEvent(internalId: string): Run[] {
    return [...this.runs.values()].filter((r) => r.triggerEventId === internalId);
  }

  findListeners(eventName: string, keyFor: (signature: string) => string | null): Listener[] {
    return [...this.listeners.values()].filter(
      (l) =>
        l.event === eventName && (l.index === null || keyFor(l.index.signature) === l.index.key),
    );
  }

  dueTimers(now: number, limit: number): string[] {
    return this.due(this.timers, now, limit);
  }

  claimQueued(now: number, limit: number, leaseUntil: number): string[] {
    const taken = this.due(this.queue, now, limit);
    for (const id of taken) {
      this.queue.delete(id);
      this.leases.set(id, leaseUntil);
    }
    return taken;
  }

  claimExpiredLeases(now: number, limit: number, leaseUntil: number): string[] {
    const taken = this.due(this.leases, now, limit);
    for (const id of taken) this.leases.set(id, leaseUntil);
    return taken;
  }

  renewLeases(runIds: readonly string[], until: number): string[] {
    return runIds.filter((id) => {
      if (!this.leases.has(id)) return false;
      this.leases.set(id, until);
      return true;
    });
  }

  releaseLease(runId: string): void {
    this.leases.delete(runId);
  }

  acquireLock(name: string, owner: string, now: number, until: number): boolean {
    const held = this.locks.get(name);
    if (held !== undefined && held.owner !== owner && held.until > now) return false;
    this.locks.set(name, { owner, until });
    return true;
  }

  releaseLock(name: string, owner: string): void {
    if (this.locks.get(name)?.owner === owner) this.locks.delete(name);
  }

  nextDueAt(): number | null {
    const all = [...this.timers.values(), ...this.queue.values(), ...this.leases.values()];
    return all.length === 0 ? null : Math.min(...all);
  }

  private due(items: Map<string, number>, now: number, limit: number): string[] {
    return [...items.entries()]
      .filter(([, at]) => at <= now)
      .sort(dueOrder)
      .slice(0, Math.max(0, limit))
      .map(([id]) => id);
  }

  /** The run's creation position is the store's, whatever the write's run carries. */
  private apply(write: RunWrite, createdPos: number): void {
    this.runs.set(write.run.id, { ...write.run, createdPos });
    for (const id of write.removeListeners) this.listeners.delete(id);
    const afterSeq = write.stampListenersAtCommit === true ? this.lastSeq() : undefined;
    for (const listener of write.addListeners)
      this.listeners.set(
        listener.id,
        afterSeq === undefined ? listener : { ...listener, afterSeq },
      );
    if (write.timer === null) this.timers.delete(write.run.id);
    else if (write.timer !== undefined) this.timers.set(write.run.id, write.timer);
    if (write.enqueueAt !== undefined) this.queue.set(write.run.id, write.enqueueAt);
    if (write.lease === null) this.leases.delete(write.run.id);
    else if (write.lease !== undefined) this.leases.set(write.run.id, write.lease);
    this.ingest(write.emit);
  }
}
