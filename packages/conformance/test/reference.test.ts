import { type BulkCancellation, bulkCancellationEndedAt, type Store } from "@quell/core";
import { left, right } from "fp-ts/lib/Either.js";
import { describeStoreConformance } from "../src/index";
import { ReferenceStore } from "../src/reference";
import { referencePrune } from "../src/reference-prune";

// Bulk cancellations and paused functions have no index to check; a plain map is their reference.
const operationsReference = () => {
  const records = new Map<string, BulkCancellation>();
  const paused = new Set<string>();
  return {
    putBulkCancellation: async (record: BulkCancellation, expected: number | null) => {
      if ((records.get(record.id)?.version ?? null) !== expected) {
        return left({ _tag: "CancellationConflict" as const, id: record.id, expected });
      }
      records.set(record.id, record);
      return right(undefined);
    },
    getBulkCancellation: async (id: string) => records.get(id) ?? null,
    listBulkCancellations: async () =>
      [...records.values()].sort((a, b) => b.created_at - a.created_at),
    setFunctionPaused: async (id: string, on: boolean) => {
      if (on) paused.add(id);
      else paused.delete(id);
    },
    pausedFunctions: async () => new Set(paused),
    /** Ended records before `bound`, earliest end first (ties by id); returns how many. */
    pruneBulk: (bound: number, limit: number): number => {
      const ended = [...records.values()]
        .map((r) => [r.id, bulkCancellationEndedAt(r)] as const)
        .filter(
          (entry): entry is readonly [string, number] => entry[1] !== null && entry[1] < bound,
        )
        .sort((a, b) => a[1] - b[1] || (a[0] < b[0] ? -1 : 1))
        .slice(0, limit);
      for (const [id] of ended) records.delete(id);
      return ended.length;
    },
  };
};

/** The reference model behind the port, so the suite checks itself against its own model. */
const referenceStore = (dedupeWindowMs: number): Store => {
  const ref = new ReferenceStore(dedupeWindowMs);
  const { pruneBulk, ...operations } = operationsReference();
  const either = (error: ReturnType<ReferenceStore["createRun"]>) =>
    error === null ? right(undefined) : left(error);
  return {
    ingest: async (events) => ref.ingest(events),
    pendingEvents: async (limit) => ref.pendingEvents(limit),
    markProcessed: async (id) => ref.markProcessed(id),
    getEvent: async (id) => ref.getEvent(id),
    lastSeq: async () => ref.lastSeq(),
    createRun: async (write) => either(ref.createRun(write)),
    commitRun: async (write) => either(ref.commitRun(write)),
    lastCreatedPos: async () => ref.lastCreatedPos(),
    getRun: async (id) => ref.runs.get(id) ?? null,
    listRuns: async (filter) => ref.listRuns(filter),
    runsForEvent: async (id) => ref.runsForEvent(id),
    findListeners: async (name, keyFor) => ref.findListeners(name, keyFor),
    dueTimers: async (now, limit) => ref.dueTimers(now, limit),
    nextDueAt: async () => ref.nextDueAt(),
    claimQueued: async (now, limit, leaseUntil) => ref.claimQueued(now, limit, leaseUntil),
    claimExpiredLeases: async (now, limit, until) => ref.claimExpiredLeases(now, limit, until),
    renewLeases: async (ids, until) => ref.renewLeases(ids, until),
    releaseLease: async (id) => ref.releaseLease(id),
    acquireLock: async (name, owner, now, until) => ref.acquireLock(name, owner, now, until),
    releaseLock: async (name, owner) => ref.releaseLock(name, owner),
    prune: async (request) => ({
      ...referencePrune(ref, request),
      bulkCancellations: pruneBulk(request.endedBefore, request.limit),
    }),
    ...operations,
    ping: async () => {},
  };
};

describeStoreConformance({
  name: "reference model",
  create: () => referenceStore(60_000),
  dedupeWindowMs: 60_000,
  modelRuns: 20,
});
