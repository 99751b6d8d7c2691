import type { IngestResult, RunWrite, Store, StoreError } from "@quell/core";
import { type Either, left, right } from "fp-ts/lib/Either.js";
import { EventLog } from "./event-log";
import { ScheduleHeap } from "./heap";
import { ListenerIndex } from "./listener-index";
import { LockTable } from "./lock-table";
import { OperationsTable } from "./operations-table";
import { type RunHeader, RunTable } from "./run-table";

export interface MemoryStoreOptions {
  /** How long a user event id deduplicates, measured on `receivedAt` (default 24 h, SPEC §5). */
  readonly dedupeWindowMs?: number;
  /**
   * How long past its `expiresAt` a listener stays in the index (default 1 min). Expired
   * listeners are dropped once every event still to be processed was received this long after
   * their expiry, so a clock that steps back by less than this cannot make the store drop a
   * listener the engine would still accept.
   */
  readonly listenerExpiryGraceMs?: number;
}

const DAY_MS = 24 * 60 * 60 * 1000;
const MINUTE_MS = 60 * 1000;

/**
 * A store that keeps everything in this process: for `quell dev`, tests and the simulation.
 * Every method does its whole work synchronously before it resolves, so each write is atomic
 * with respect to every other call. Listeners and events are kept by reference (indexed
 * listeners as a compact record, rebuilt on lookup, see `ListenerIndex.add`), runs as an equal
 * copy that shares parts with others, packed while at rest and read back as a new object
 * (`RunTable.replace`); treat what a read returns as read-only values (the engine always
 * writes new objects).
 *
 * @example
 * const store = memoryStore({ dedupeWindowMs: 60_000 });
 * const [result] = await store.ingest([request]);
 */
export function memoryStore(options: MemoryStoreOptions = {}): Store {
  const log = new EventLog(options.dedupeWindowMs ?? DAY_MS);
  const runs = new RunTable();
  const listeners = new ListenerIndex();
  const timers = new ScheduleHeap();
  const queue = new ScheduleHeap();
  /** Execution leases: runId by expiry. */
  const leases = new ScheduleHeap();
  const locks = new LockTable();
  const operations = new OperationsTable();
  /** Singleton slot → the run holding it (`RunWrite.claimSingleton`). */
  const singletons = new Map<string, string>();
  const expiryGraceMs = options.listenerExpiryGraceMs ?? MINUTE_MS;
  /** The run creation counter (`lastCreatedPos`). */
  let lastCreatedPos = 0;

  /** Apply every side write of a run transition; the caller has already validated it. */
  const apply = (write: RunWrite, stored: RunHeader | undefined): void => {
    const { run } = write;
    runs.replace(stored, run);
    // Retention keeps a trigger event while a stored run was triggered by it (see `release`).
    if (stored?.triggerEventId !== run.triggerEventId) {
      log.retain(run.triggerEventId);
      if (stored !== undefined) release(stored.triggerEventId);
    }
    // Removals first, so one write can replace a listener by removing and re-adding its id.
    for (const id of write.removeListeners) listeners.remove(id);
    // Stamped with the position before this write's own emitted events (see `RunWrite`).
    const afterSeq = write.stampListenersAtCommit === true ? log.lastSeq : undefined;
    for (const listener of write.addListeners) listeners.add(listener, afterSeq);
    if (write.timer === null) timers.delete(run.id);
    else if (write.timer !== undefined) timers.set(run.id, write.timer);
    if (write.enqueueAt !== undefined) queue.set(run.id, write.enqueueAt);
    if (write.lease === null) leases.delete(run.id);
    else if (write.lease !== undefined) leases.set(run.id, write.lease);
    const released = write.releaseSingleton;
    if (released !== undefined && singletons.get(released) === run.id) singletons.delete(released);
    for (const request of write.emit) log.append(request, heard);
  };

  const heard = (name: string): boolean => listeners.hears(name);

  /** An event no stored run was triggered by any more: retention may take it once processed. */
  const release = (eventId: string): void => {
    if (!runs.hasTrigger(eventId)) log.release(eventId);
  };

  return {
    ingest: async (events) => events.map((request): IngestResult => log.append(request, heard)),
    pendingEvents: async (limit) => log.pendingEvents(limit),
    markProcessed: async (internalId) => {
      if (log.markProcessed(internalId) !== null) release(internalId);
    },
    getEvent: async (internalId) => log.get(internalId),
    listEvents: async (filter) => log.list(filter),
    lastSeq: async () => log.lastSeq,

    createRun: async (write): Promise<Either<StoreError, void>> => {
      const runId = write.run.id;
      if (runs.header(runId) !== undefined) return left({ _tag: "RunExists", runId });
      const slot = write.claimSingleton;
      if (slot !== undefined) {
        const holder = singletons.get(slot);
        if (holder !== undefined) return left({ _tag: "SingletonOccupied", runId, slot, holder });
        singletons.set(slot, runId);
      }
      lastCreatedPos += 1;
      apply({ ...write, run: { ...write.run, createdPos: lastCreatedPos } }, undefined);
      return right(undefined);
    },
    commitRun: async (write): Promise<Either<StoreError, void>> => {
      const runId = write.run.id;
      const stored = runs.header(runId);
      if (stored === undefined) return left({ _tag: "RunNotFound", runId });
      if (stored.version !== write.expectedVersion) {
        const { expectedVersion: expected } = write;
        return left({ _tag: "VersionConflict", runId, expected, actual: stored.version });
      }
      // The position is the store's: a writer's copy never moves it (the engine's always agrees).
      const { createdPos } = stored;
      apply(
        write.run.createdPos === createdPos
          ? write
          : { ...write, run: { ...write.run, createdPos } },
        stored,
      );
      return right(undefined);
    },
    lastCreatedPos: async () => lastCreatedPos,
    getRun: async (runId) => runs.get(runId) ?? null,
    listRuns: async (filter) => runs.list(filter),
    runsForEvent: async (internalId) => runs.forEvent(internalId),
    runsCancelledBy: async (internalId) => runs.cancelledBy(internalId),

    findListeners: async (eventName, keyFor) => {
      // Expiry rides on lookups: each drops what expired since the last, so timed-out
      // listeners cost matching nothing and memory only until the next event (SPEC R4, R7).
      listeners.expireBefore(log.horizon - expiryGraceMs);
      return listeners.find(eventName, keyFor);
    },

    dueTimers: async (now, limit) => timers.due(now, limit),
    nextDueAt: async () => {
      const heads = [timers.peekAt(), queue.peekAt(), leases.peekAt()].filter((at) => at !== null);
      return heads.length === 0 ? null : Math.min(...heads);
    },
    claimQueued: async (now, limit, leaseUntil) => {
      const claimed = queue.take(now, limit);
      for (const id of claimed) leases.set(id, leaseUntil);
      return claimed;
    },
    claimExpiredLeases: async (now, limit, leaseUntil) => {
      const expired = leases.take(now, limit);
      for (const id of expired) leases.set(id, leaseUntil);
      return expired;
    },
    renewLeases: async (runIds, until) =>
      runIds.filter((id) => {
        if (!leases.has(id)) return false;
        leases.set(id, until);
        return true;
      }),
    releaseLease: async (runId) => leases.delete(runId),
    acquireLock: async (name, owner, now, until) => locks.acquire(name, owner, now, until),
    releaseLock: async (name, owner) => locks.release(name, owner),

    putBulkCancellation: async (record, expectedVersion) => operations.put(record, expectedVersion),
    getBulkCancellation: async (id) => operations.get(id),
    listBulkCancellations: async () => operations.list(),
    prune: async ({ endedBefore, receivedBefore, now, limit }) => {
      const removed = runs.removeEnded(endedBefore, limit);
      for (const run of removed) {
        timers.delete(run.id);
        queue.delete(run.id);
        leases.delete(run.id);
        release(run.triggerEventId);
      }
      return {
        runs: removed.length,
        events: log.prune(receivedBefore, limit),
        bulkCancellations: operations.prune(endedBefore, limit),
        dedupeKeys: log.evictExpired(now, limit),
      };
    },
    setFunctionPaused: async (functionId, paused) => operations.setPaused(functionId, paused),
    pausedFunctions: async () => operations.pausedFunctions(),
    putApp: async (app) => operations.putApp(app),
    listApps: async () => operations.listApps(),
    // In the process's own memory: there is nothing that could be down.
    ping: async () => {},
  };
}
