import { ReferenceStore, type Store, type StoreError } from "@quell/core";
import { type Either, left, right } from "fp-ts/lib/Either.js";
import { describeStoreConformance } from "../src/index";

const either = (error: StoreError | null): Either<StoreError, void> =>
  error === null ? right(undefined) : left(error);

/** The reference model behind the port, so the suite checks the model its own test compares with. */
const referenceStore = (dedupeWindowMs: number): Store => {
  const ref = new ReferenceStore(dedupeWindowMs);
  return {
    ingest: async (events) => ref.ingest(events),
    pendingEvents: async (limit) => ref.pendingEvents(limit),
    markProcessed: async (id) => ref.markProcessed(id),
    getEvent: async (id) => ref.getEvent(id),
    listEvents: async (filter) => ref.listEvents(filter),
    lastSeq: async () => ref.lastSeq(),
    createRun: async (write) => either(ref.createRun(write)),
    commitRun: async (write) => either(ref.commitRun(write)),
    lastCreatedPos: async () => ref.lastCreatedPos(),
    getRun: async (id) => ref.getRun(id),
    listRuns: async (filter) => ref.listRuns(filter),
    runsForEvent: async (id) => ref.runsForEvent(id),
    runsCancelledBy: async (id) => ref.runsCancelledBy(id),
    findListeners: async (name, keyFor) => ref.findListeners(name, keyFor),
    dueTimers: async (now, limit) => ref.dueTimers(now, limit),
    nextDueAt: async () => ref.nextDueAt(),
    claimQueued: async (now, limit, leaseUntil) => ref.claimQueued(now, limit, leaseUntil),
    claimExpiredLeases: async (now, limit, until) => ref.claimExpiredLeases(now, limit, until),
    renewLeases: async (ids, until) => ref.renewLeases(ids, until),
    releaseLease: async (id) => ref.releaseLease(id),
    acquireLock: async (name, owner, now, until) => ref.acquireLock(name, owner, now, until),
    releaseLock: async (name, owner) => ref.releaseLock(name, owner),
    putBulkCancellation: async (record, expected) =>
      either(ref.putBulkCancellation(record, expected)),
    getBulkCancellation: async (id) => ref.getBulkCancellation(id),
    listBulkCancellations: async () => ref.listBulkCancellations(),
    prune: async (request) => ref.prune(request),
    setFunctionPaused: async (id, paused) => ref.setFunctionPaused(id, paused),
    pausedFunctions: async () => ref.pausedFunctions(),
    putApp: async (app) => ref.putApp(app),
    listApps: async () => ref.listApps(),
    ping: async () => {},
  };
};

describeStoreConformance({
  name: "reference model",
  create: () => referenceStore(60_000),
  dedupeWindowMs: 60_000,
  modelRuns: 20,
});
