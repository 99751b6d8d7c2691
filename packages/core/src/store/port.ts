import type { Either } from "fp-ts/lib/Either.js";
import type { App } from "../codecs/app";
import type { BulkCancellation } from "../codecs/bulk-cancellation";
import type { EventPayload, StoredEvent } from "../codecs/event";
import type { Listener } from "../codecs/listener";
import type { Run, RunState } from "../codecs/run";

/** Errors a store can answer with: a closed union, mapped to API answers at the edge. */
export type StoreError =
  | {
      readonly _tag: "VersionConflict";
      readonly runId: string;
      readonly expected: number;
      readonly actual: number | null;
    }
  | { readonly _tag: "RunNotFound"; readonly runId: string }
  | { readonly _tag: "RunExists"; readonly runId: string }
  | {
      readonly _tag: "CancellationConflict";
      readonly id: string;
      readonly expected: number | null;
    }
  /** `createRun` with `claimSingleton`: the slot is held by `holder`; nothing was written. */
  | {
      readonly _tag: "SingletonOccupied";
      readonly runId: string;
      readonly slot: string;
      readonly holder: string;
    };

/** One event to ingest. `dedupeKey` is the user's event id, deduplicated within `dedupeWindowMs`. */
export interface IngestRequest {
  readonly internalId: string;
  readonly payload: EventPayload;
  readonly dedupeKey: string | null;
  readonly receivedAt: number;
  /**
   * True for an event no function is triggered by (a system event nothing but a listener, a
   * `step.invoke` parent's or a `cancelOn`, can consume). If, inside the write that appends it,
   * no listener for its name is stored, nothing can ever consume it (a listener added later
   * only sees events ingested after it): the store appends it already processed, so
   * `pendingEvents` never returns it, and retention may take it as a processed event no run
   * was triggered by. Absent or false: it is pending until `markProcessed`.
   */
  readonly onlyForListeners?: boolean | undefined;
}

/** The result of ingesting one event: its position, or the first event it duplicates. */
export type IngestResult =
  | { readonly _tag: "Ingested"; readonly event: StoredEvent }
  | { readonly _tag: "Duplicate"; readonly internalId: string };

/** Everything that changes with one run transition, applied atomically or not at all. */
export interface RunWrite {
  readonly run: Run;
  /** Listeners to add. */
  readonly addListeners: readonly Listener[];
  /** Listener ids to remove. */
  readonly removeListeners: readonly string[];
  /** The run's single timer: a new due time, `null` to clear, `undefined` to leave it. */
  readonly timer: number | null | undefined;
  /** Put the run on the execution queue, due at this time (`undefined`: leave the queue alone). */
  readonly enqueueAt: number | undefined;
  /**
   * Events the transition emits (system events), appended to the ingestion log in the same write.
   * Their `dedupeKey` is always null: a transition commits once, so its events are new.
   */
  readonly emit: readonly IngestRequest[];
  /**
   * The run's execution lease (see `claimQueued`): a new expiry (the writer goes on executing
   * the run), `null` to drop it (the run left `running` and `cancelling`), absent or `undefined`
   * to leave it as it is.
   */
  readonly lease?: number | null | undefined;
  /**
   * When true, the store sets the `afterSeq` of every listener in `addListeners` to its own
   * current ingestion position (what `lastSeq()` would answer) inside this same atomic write,
   * replacing the value the writer put there. The position is read before the write's own
   * `emit` events are appended, so those count as earlier than the listener.
   *
   * This is how a `step.waitForEvent` listener gets the position of the commit that adds it: an
   * event ingested before the commit has `seq <= afterSeq` and never resolves the wait (it may
   * already have been processed, when the listener was not there yet); an event ingested after
   * it has `seq > afterSeq` and is processed after the listener exists. A position read by the
   * writer before the commit could not promise that. Absent or false: listeners are stored as
   * given.
   */
  readonly stampListenersAtCommit?: boolean | undefined;
  /**
   * `createRun` only: take this singleton slot for the run (SPEC §7.8). If another run holds it,
   * the store writes nothing and answers `SingletonOccupied` with the holder; otherwise the slot
   * names the run from this same atomic write on. Checked after `RunExists`.
   */
  readonly claimSingleton?: string | undefined;
  /**
   * Let go of this singleton slot if it still names the write's run (compare-and-delete), in the
   * same atomic write; a slot held by another run is left alone. The reducer asks for it in the
   * write that takes a run to `cancelling` or a terminal state (`ReleaseSingleton`).
   */
  readonly releaseSingleton?: string | undefined;
}

export interface ListRunsFilter {
  readonly functionId?: string;
  readonly states?: readonly RunState[];
  readonly createdAfter?: number;
  readonly createdBefore?: number;
  /** Opaque cursor from a previous page; one the store did not issue rejects with `invalidCursor()`. */
  readonly cursor?: string;
  readonly limit?: number;
}

/**
 * Which stored events `listEvents` answers: newest first (`receivedAt` desc, then internal id
 * desc), both bounds inclusive.
 */
export interface ListEventsFilter {
  /** Only events with exactly this name. */
  readonly name?: string;
  readonly receivedAfter?: number;
  readonly receivedBefore?: number;
  /** Opaque cursor from a previous page; one the store did not issue rejects with `invalidCursor()`. */
  readonly cursor?: string;
  readonly limit?: number;
}

export interface EventPage {
  readonly events: readonly StoredEvent[];
  readonly cursor: string | null;
}

/**
 * One bounded batch of retention (what may go is decided in `store/retention.ts`, which builds
 * this request). The store deletes, in this order and in one atomic step:
 * 1. up to `limit` runs whose end (`runEndedAt`) is before `endedBefore`, earliest end first
 *    (ties by id), with every index entry of theirs (state and function listings, the trigger's
 *    `runsForEvent` entry, the `runsCancelledBy` entry, timer, queue item, lease). Listeners
 *    are not looked for: the transition that ends a run removes them.
 * 2. up to `limit` events received before `receivedBefore` that are processed (not pending) and
 *    that no stored run was triggered by, earliest `receivedAt` first (ties by internal id), with
 *    their `listEvents` entries. An event whose last run step 1 deleted counts. A run cancelled
 *    by an event does not keep it: its record keeps the id, which then names no stored event.
 * 3. up to `limit` bulk cancellations whose end (`bulkCancellationEndedAt`) is before
 *    `endedBefore`, earliest first (ties by id).
 * 4. up to `limit` user event ids whose dedupe window closed at `now`. Dedupe never depends on
 *    the first event still being stored: a resend inside the window still answers `Duplicate`.
 */
export interface PruneRequest {
  readonly endedBefore: number;
  readonly receivedBefore: number;
  readonly now: number;
  readonly limit: number;
}

/** How many of each kind one `prune` deleted; a count equal to `limit` means: call again. */
export interface PruneResult {
  readonly runs: number;
  readonly events: number;
  readonly bulkCancellations: number;
  /**
   * User event ids forgotten. Stores also forget expired ids while ingesting, so this count is
   * only what was left for the sweep.
   */
  readonly dedupeKeys: number;
}

export interface RunPage {
  readonly runs: readonly Run[];
  readonly cursor: string | null;
}

/**
 * The store port: persistence and indexes, no decisions. Writes to one run are atomic and
 * versioned: `commitRun` succeeds only if the stored version equals `expectedVersion`, and it
 * stores `run` (whose version the caller already bumped) with all its side writes at once.
 *
 * Leases and locks take their times from the caller (the store never reads a clock): several
 * processes sharing a store must have clocks that agree to well within a lease. Safety never
 * rests on them (versions do that); they decide who does the work, and let the others recover
 * the work of one that died.
 *
 * An infrastructure failure (the backend unreachable, not answering, full) rejects with
 * `StoreUnavailableError` (`./errors`), whatever the backend: callers retry it, and the HTTP
 * edge answers 503.
 */
export interface Store {
  /**
   * Append events to the ingestion log (SPEC R3, §5): a total order, dedupe by user id. A
   * request whose internal id the log holds is the same request again (a resend whose answer
   * was lost, a partition's copy of an event: `createPartitionedEngine`): it changes nothing
   * and answers `Ingested` with the stored event.
   */
  ingest(events: readonly IngestRequest[]): Promise<readonly IngestResult[]>;
  /** Events ingested but not yet processed (triggers and listeners), in ingestion order. */
  pendingEvents(limit: number): Promise<readonly StoredEvent[]>;
  /** Mark an event processed, so `pendingEvents` no longer returns it. */
  markProcessed(internalId: string): Promise<void>;
  getEvent(internalId: string): Promise<StoredEvent | null>;
  /**
   * A page of the stored events (pending or processed), newest first: exactly the events
   * `getEvent` finds, so an event `prune` deleted is listed no more. Keyset pages like
   * `listRuns`: the cursor names the last event served, so newer events never shift a page.
   */
  listEvents(filter: ListEventsFilter): Promise<EventPage>;
  /** The highest position in the ingestion order so far (0 when nothing was ingested). */
  lastSeq(): Promise<number>;

  /**
   * Create a run with its listeners and first queue item in one atomic write (SPEC R1). The
   * store sets the run's `createdPos` to the next run creation position in that same write
   * (`lastCreatedPos() + 1`), replacing the writer's value. With `claimSingleton` it also takes
   * that slot, or writes nothing and answers `SingletonOccupied`.
   */
  createRun(write: RunWrite): Promise<Either<StoreError, void>>;
  /**
   * Commit one transition of an existing run (optimistic concurrency on `version`). The stored
   * `createdPos` is kept, whatever the write's run carries. `expectedState`, when given, is the
   * run's state at `expectedVersion` as the writer read it: a hint a store may use to prepare
   * the write (the Redis store then declares only that state's index keys), never a check.
   */
  commitRun(
    write: RunWrite & { readonly expectedVersion: number; readonly expectedState?: RunState },
  ): Promise<Either<StoreError, void>>;
  getRun(runId: string): Promise<Run | null>;
  /**
   * The creation position of the last run created (0 before the first): a run created before
   * this call has `createdPos` no larger, one created after it a larger one. Positions count
   * every run ever created (retention deletes runs, never positions); they are not ingestion
   * positions. A bulk cancellation keeps the answer to tell the runs that existed at its
   * request from the runs created later (SPEC §4.5).
   */
  lastCreatedPos(): Promise<number>;
  listRuns(filter: ListRunsFilter): Promise<RunPage>;
  runsForEvent(internalId: string): Promise<readonly Run[]>;
  /**
   * The stored runs whose cancellation record names this event (`cancellation.event_id`): the
   * runs it cancelled, at their current version, in no particular order. An index like
   * `runsForEvent`'s, kept by the writes that set the record and by `prune`.
   */
  runsCancelledBy(internalId: string): Promise<readonly Run[]>;

  /**
   * Listeners for an event name whose index key matches, plus the unindexed ones for that name.
   * `keyFor(signature)` computes the incoming event's key for an index signature, or null.
   */
  findListeners(
    eventName: string,
    keyFor: (signature: string) => string | null,
  ): Promise<readonly Listener[]>;

  /** Runs whose timer is due at `now`, removing nothing: the commit that handles it clears it. */
  dueTimers(now: number, limit: number): Promise<readonly string[]>;
  /** Earliest pending timer, queue item or lease expiry, for a scheduler to sleep until. */
  nextDueAt(): Promise<number | null>;
  /**
   * Take up to `limit` runs off the execution queue whose item is due at `now`, earliest first,
   * and lease each one until `leaseUntil` in the same atomic step: a claimer that dies before
   * its run leaves `running` is noticed when the lease expires (`claimExpiredLeases`).
   */
  claimQueued(now: number, limit: number, leaseUntil: number): Promise<readonly string[]>;
  /**
   * Up to `limit` runs whose lease expired at `now` (expiry <= now), earliest first. Each is
   * leased again until `leaseUntil` in the same atomic step, so exactly one caller recovers it
   * (and if that caller dies too, the lease expires again).
   */
  claimExpiredLeases(now: number, limit: number, leaseUntil: number): Promise<readonly string[]>;
  /**
   * Heartbeat of a worker executing runs: move the lease of each of `runIds` that still has one
   * to `until`. Returns the ids renewed; a run missing from it has no lease any more (it left
   * `running`, or its lease was dropped).
   */
  renewLeases(runIds: readonly string[], until: number): Promise<readonly string[]>;
  /** Drop a run's lease: a claim that found nothing to execute (the run had moved on). */
  releaseLease(runId: string): Promise<void>;

  /**
   * Take or keep the lock `name` for `owner` until `until` (the store holds it for
   * `until - now` ms). Succeeds when the lock is free, has expired, or is already `owner`'s (a
   * renewal). One process at a time then does work that must not run twice at once, such as
   * processing pending events in ingestion order or sweeping one bulk cancellation.
   */
  acquireLock(name: string, owner: string, now: number, until: number): Promise<boolean>;
  /** Let go of the lock `name` if `owner` holds it; otherwise change nothing. */
  releaseLock(name: string, owner: string): Promise<void>;

  /**
   * Create or update a bulk cancellation: `expectedVersion` null creates it (fails if it exists),
   * a number updates it only if the stored version matches (the record's own `version` is the
   * new one). Sweeps in several processes stay consistent through this check.
   */
  putBulkCancellation(
    record: BulkCancellation,
    expectedVersion: number | null,
  ): Promise<Either<StoreError, void>>;
  getBulkCancellation(id: string): Promise<BulkCancellation | null>;
  /** Every bulk cancellation, newest first. */
  listBulkCancellations(): Promise<readonly BulkCancellation[]>;

  /**
   * Delete one bounded batch of what retention allows (see `PruneRequest`): ended runs, events
   * no run needs, ended bulk cancellations and expired dedupe ids, never anything else.
   */
  prune(request: PruneRequest): Promise<PruneResult>;

  /** Pause or resume a function (by slug). */
  setFunctionPaused(functionId: string, paused: boolean): Promise<void>;
  /** Slugs of the paused functions. */
  pausedFunctions(): Promise<ReadonlySet<string>>;

  /** Store an SDK app by its id, replacing the app of that id whole (a sync). */
  putApp(app: App): Promise<void>;
  /** Every stored app, by id. */
  listApps(): Promise<readonly App[]>;

  /**
   * Optional, for stores several processes share: call `listener` when another process may have
   * added work for this one (events ingested, runs queued, timers or bulk cancellations set,
   * functions paused or resumed), so that it looks now instead of at its next poll. A hint, not
   * a promise: a signal can be lost (a reconnection), and a process still polls, less often.
   * Returns the function that stops the calls.
   */
  watchWork?(listener: () => void): () => void;

  /**
   * Resolve if the store can serve reads and writes now; otherwise reject with a
   * `StoreUnavailableError` saying what is wrong (what `GET /health` reports).
   */
  ping(): Promise<void>;
}
