import type { App } from "../../codecs/app";
import type { BulkCancellation } from "../../codecs/bulk-cancellation";
import type { StoredEvent } from "../../codecs/event";
import type { Listener } from "../../codecs/listener";
import type { Run } from "../../codecs/run";
import type {
  EventPage,
  IngestRequest,
  IngestResult,
  ListEventsFilter,
  ListRunsFilter,
  PruneRequest,
  PruneResult,
  RunPage,
  RunWrite,
  StoreError,
} from "../port";
import { listAllEvents, listEvents } from "./event-list";
import { getEvent, ingest, markProcessed, pendingEvents } from "./events";
import { createStoreModel, type StoreModel } from "./model";
import { prune } from "./prune";
import {
  getBulkCancellation,
  listApps,
  listBulkCancellations,
  pausedFunctions,
  putApp,
  putBulkCancellation,
  setFunctionPaused,
} from "./records";
import {
  commitRun,
  createRun,
  findListeners,
  listAllRuns,
  listRuns,
  runsCancelledBy,
  runsForEvent,
} from "./runs";
import {
  acquireLock,
  claimExpiredLeases,
  claimQueued,
  dueTimers,
  nextDueAt,
  releaseLease,
  releaseLock,
  renewLeases,
} from "./schedule";

/**
 * The `Store` port's meaning as plain, synchronous code with no index at all: every query scans.
 * The conformance suite's model-based test runs the same operations on it and on a real store
 * and compares every answer; the simulation and the model checker keep their world in the same
 * model (`StoreModel`) and write it with the same functions. Errors are answered as values
 * (`StoreError | null`) where the port answers an `Either`.
 *
 * @example
 * const ref = new ReferenceStore();
 * ref.ingest([request]);
 * ref.pendingEvents(10); // → [the stored event]
 */
export class ReferenceStore {
  readonly model: StoreModel;

  constructor(dedupeWindowMsOrModel?: number | StoreModel) {
    this.model =
      typeof dedupeWindowMsOrModel === "object"
        ? dedupeWindowMsOrModel
        : createStoreModel(dedupeWindowMsOrModel);
  }

  ingest(requests: readonly IngestRequest[]): IngestResult[] {
    return ingest(this.model, requests);
  }
  pendingEvents(limit: number): StoredEvent[] {
    return pendingEvents(this.model, limit);
  }
  markProcessed(internalId: string): void {
    markProcessed(this.model, internalId);
  }
  getEvent(internalId: string): StoredEvent | null {
    return getEvent(this.model, internalId);
  }
  /** Every stored event a filter selects, unpaged, in `listEvents` order. */
  listAllEvents(filter: Omit<ListEventsFilter, "cursor" | "limit">): StoredEvent[] {
    return listAllEvents(this.model, filter);
  }
  listEvents(filter: ListEventsFilter): EventPage {
    return listEvents(this.model, filter);
  }
  lastSeq(): number {
    return this.model.seq;
  }
  createRun(write: RunWrite): StoreError | null {
    return createRun(this.model, write);
  }
  commitRun(write: RunWrite & { readonly expectedVersion: number }): StoreError | null {
    return commitRun(this.model, write);
  }
  getRun(runId: string): Run | null {
    return this.model.runs.get(runId) ?? null;
  }
  lastCreatedPos(): number {
    return this.model.lastCreatedPos;
  }
  /** Every run a filter selects, unpaged, in `listRuns` order. */
  listAll(filter: Omit<ListRunsFilter, "cursor" | "limit">): Run[] {
    return listAllRuns(this.model, filter);
  }
  listRuns(filter: ListRunsFilter): RunPage {
    return listRuns(this.model, filter);
  }
  runsForEvent(internalId: string): Run[] {
    return runsForEvent(this.model, internalId);
  }
  runsCancelledBy(internalId: string): Run[] {
    return runsCancelledBy(this.model, internalId);
  }
  findListeners(eventName: string, keyFor: (signature: string) => string | null): Listener[] {
    return findListeners(this.model, eventName, keyFor);
  }
  dueTimers(now: number, limit: number): string[] {
    return dueTimers(this.model, now, limit);
  }
  nextDueAt(): number | null {
    return nextDueAt(this.model);
  }
  claimQueued(now: number, limit: number, leaseUntil: number): string[] {
    return claimQueued(this.model, now, limit, leaseUntil);
  }
  claimExpiredLeases(now: number, limit: number, leaseUntil: number): string[] {
    return claimExpiredLeases(this.model, now, limit, leaseUntil);
  }
  renewLeases(runIds: readonly string[], until: number): string[] {
    return renewLeases(this.model, runIds, until);
  }
  releaseLease(runId: string): void {
    releaseLease(this.model, runId);
  }
  acquireLock(name: string, owner: string, now: number, until: number): boolean {
    return acquireLock(this.model, name, owner, now, until);
  }
  releaseLock(name: string, owner: string): void {
    releaseLock(this.model, name, owner);
  }
  putBulkCancellation(record: BulkCancellation, expectedVersion: number | null): StoreError | null {
    return putBulkCancellation(this.model, record, expectedVersion);
  }
  getBulkCancellation(id: string): BulkCancellation | null {
    return getBulkCancellation(this.model, id);
  }
  listBulkCancellations(): BulkCancellation[] {
    return listBulkCancellations(this.model);
  }
  prune(request: PruneRequest): PruneResult {
    return prune(this.model, request);
  }
  setFunctionPaused(functionId: string, paused: boolean): void {
    setFunctionPaused(this.model, functionId, paused);
  }
  pausedFunctions(): ReadonlySet<string> {
    return pausedFunctions(this.model);
  }
  putApp(app: App): void {
    putApp(this.model, app);
  }
  listApps(): App[] {
    return listApps(this.model);
  }
}
