import type { IngestResult, RunWrite, Store, StoreError } from "@quell/core";
import { type Either, left, right } from "fp-ts/lib/Either.js";
import { EventLog } from "./event-log";
import { ScheduleHeap } from "./heap";
import { ListenerIndex } from "./listener-index";
import { OperationsTable } from "./operations-table";
import { RunTable } from "./run-table";

export interface MemoryStoreOptions {
  /** How long a user event id deduplicates, measured on `receivedAt` (default 24 h, SPEC §5). */
  readonly dedupeWindowMs?: number;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * A store that keeps everything in this process: for `quell dev`, tests and the simulation.
 * Every method does its whole work synchronously before it resolves, so each write is atomic
 * with respect to every other call. Runs, listeners and events are kept by reference and
 * returned as stored: treat them as read-only values (the engine always writes new objects).
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
  const operations = new OperationsTable();

  /** Apply every side write of a run transition; the caller has already validated it. */
  const apply = (write: RunWrite): void => {
    const { run } = write;
    runs.put(run);
    // Removals first, so one write can replace a listener by removing and re-adding its id.
    for (const id of write.removeListeners) listeners.remove(id);
    for (const listener of write.addListeners) listeners.add(listener);
    if (write.timer === null) timers.delete(run.id);
    else if (write.timer !== undefined) timers.set(run.id, write.timer);
    if (write.enqueueAt !== undefined) queue.set(run.id, write.enqueueAt);
    for (const request of write.emit) log.append(request);
  };

  return {
    ingest: async (events) => events.map((request): IngestResult => log.append(request)),
    pendingEvents: async (limit) => log.pendingEvents(limit),
    markProcessed: async (internalId) => log.markProcessed(internalId),
    getEvent: async (internalId) => log.get(internalId),
    lastSeq: async () => log.lastSeq,

    createRun: async (write): Promise<Either<StoreError, void>> => {
      if (runs.get(write.run.id) !== undefined) {
        return left({ _tag: "RunExists", runId: write.run.id });
      }
      apply(write);
      return right(undefined);
    },
    commitRun: async (write): Promise<Either<StoreError, void>> => {
      const runId = write.run.id;
      const stored = runs.get(runId);
      if (stored === undefined) return left({ _tag: "RunNotFound", runId });
      if (stored.version !== write.expectedVersion) {
        const { expectedVersion: expected } = write;
        return left({ _tag: "VersionConflict", runId, expected, actual: stored.version });
      }
      apply(write);
      return right(undefined);
    },
    getRun: async (runId) => runs.get(runId) ?? null,
    listRuns: async (filter) => runs.list(filter),
    runsForEvent: async (internalId) => runs.forEvent(internalId),

    findListeners: async (eventName, keyFor) => listeners.find(eventName, keyFor),

    dueTimers: async (now, limit) => timers.due(now, limit),
    nextDueAt: async () => {
      const timer = timers.peekAt();
      const queued = queue.peekAt();
      if (timer === null) return queued;
      return queued === null ? timer : Math.min(timer, queued);
    },
    claimQueued: async (now, limit) => queue.take(now, limit),

    putBulkCancellation: async (record, expectedVersion) => operations.put(record, expectedVersion),
    getBulkCancellation: async (id) => operations.get(id),
    listBulkCancellations: async () => operations.list(),
    setFunctionPaused: async (functionId, paused) => operations.setPaused(functionId, paused),
    pausedFunctions: async () => operations.pausedFunctions(),
  };
}
