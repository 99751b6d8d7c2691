import type {
  AppView,
  BulkCancellationRequest,
  BulkCancellationView,
  EventInput,
  FunctionView,
  Logger,
  PauseResult,
  QuellFunction,
  ReplayFilter,
  ReplayResult,
  ResumeResult,
  RunStatus,
  RunView,
  Store,
  SyncedApp,
  TimeInput,
} from "@quell/core";
import type { Clock } from "./clock";
import type { EventQueries } from "./event-queries";
import type { FunctionHost } from "./function-host";
import type { EnginePartition } from "./partitions/ownership";
import type { RetentionOptions } from "./retention";
import type { SyncResult } from "./sync-app";

// What `createEngine` takes and answers (engine.ts builds it).

export interface EngineOptions {
  /** The functions this process runs in-process, each with its `onFailure` function (synced SDK apps' come from the store). */
  readonly functions: readonly QuellFunction[];
  readonly store: Store;
  /**
   * Where the functions of synced SDK apps run (`POST /fn/register`): `@quell/http`'s HTTP
   * host. Without it their runs fail.
   */
  readonly remote?: FunctionHost;
  readonly clock?: Clock;
  /**
   * The random part of the ids this process makes (runs, events, its owner id): numbers in
   * [0, 1); default `Math.random`. Ids need to be unique, not secret. A test passes a seeded
   * generator so that ids, and on partitions where each run lands, replay.
   */
  readonly random?: () => number;
  readonly logger?: Logger;
  /** Per-event size limit in bytes (SPEC §5); default 512 KiB. */
  readonly maxEventBytes?: number;
  /** How many executions run at once in this process; default 100. */
  readonly concurrency?: number;
  /** Runs a bulk cancellation sweeps per batch; default 100. */
  readonly bulkBatchSize?: number;
  /**
   * How long a run this process claimed, or a lock it holds (the events lock, a bulk sweep's),
   * stays its own without a renewal (default 10 s, at least 300 ms). Renewals come every third
   * of that while the run executes or the lock is held; when a process dies, another one takes
   * its runs and locks over once they expire (steps not committed run again). So this bounds
   * takeover after a crash, and two thirds of it is the longest stall a process survives.
   */
  readonly leaseMs?: number;
  /**
   * False: an API-only process. It ingests, reads, and commits cancellations, pauses, resumes,
   * replays and bulk cancellation records, but runs no loop: no event processing, timers,
   * executions or sweeps. Those are left to the processes with workers (`quell worker`) on the
   * same store. Default true.
   */
  readonly workers?: boolean;
  /**
   * Look at the store at least this often (ms). Needed when several processes share a store,
   * so each sees the work the others add (queued runs, expired leases, events); without it
   * (the default) the engine sleeps until the next time it knows of.
   */
  readonly pollMs?: number;
  /**
   * Delete ended runs, events no run needs and ended bulk cancellations once they are older than
   * this (default: 7 days each, swept every minute); `false` keeps everything forever.
   */
  readonly retention?: RetentionOptions | false;
  /**
   * Set by `createPartitionedEngine` on each partition's engine, never by hand: which
   * partition this engine is. It then creates only the runs its partition holds and fires only
   * its functions' cron ticks, and the ids it makes fall in its partition.
   */
  readonly partition?: EnginePartition;
}

/**
 * Which runs `listRuns` answers, newest first: the query of `GET /v1/runs` with its fields in
 * camelCase (the TypeScript API's one naming style; docs/http.md), times as a Date, an ISO
 * string or epoch ms.
 */
export interface ListRunsQuery {
  /** The function's id or slug; a name no registered function has is taken as a slug. */
  readonly functionId?: string;
  readonly status?: RunStatus | readonly RunStatus[];
  /** Runs created at or after. */
  readonly startedAfter?: TimeInput;
  /** Runs created at or before. */
  readonly startedBefore?: TimeInput;
  /** `cursor` of the previous page. */
  readonly cursor?: string;
  /** Page size. */
  readonly limit?: number;
}

/** A page of `listRuns`: `cursor` reads the next page, null on the last. */
export interface RunsPage {
  readonly runs: RunView[];
  readonly cursor: string | null;
}

/** One thing `health` checks: fine, or down with the error that says why. */
export type HealthCheck =
  | { readonly _tag: "Ok" }
  | { readonly _tag: "Down"; readonly error: unknown };

/** What `GET /health` reports. */
export interface EngineHealth {
  /** Whether the store answers (`Store.ping`): a `StoreUnavailableError` when it does not. */
  readonly store: HealthCheck;
}

/** How `send` ingests. */
export interface SendOptions {
  /**
   * The official SDK's `x-inngest-event-id-seed`: the same for each retry of one send, so events
   * without their own id are ingested once however often the send is retried.
   */
  readonly idSeed?: string;
}

export interface Engine extends EventQueries {
  start(): Promise<void>;
  /** Stop taking work and wait for in-flight executions to report. */
  stop(): Promise<void>;
  /**
   * Ingest events (validated, deduplicated by their `id`, SPEC §5) and resolve with their
   * internal ids (a duplicate's: the first one's) once this engine's next tick has run: on one
   * process, the runs they trigger and the cancellations they cause are then committed. With
   * several processes on one store, the one holding the events lock may process them instead.
   */
  send(
    events: EventInput | readonly EventInput[],
    options?: SendOptions,
  ): Promise<{ ids: string[] }>;
  getRun(id: string): Promise<RunView | null>;
  listRuns(query?: ListRunsQuery): Promise<RunsPage>;
  runsForEvent(eventId: string): Promise<RunView[]>;
  cancelRun(id: string, options?: { readonly reason?: string }): Promise<RunView>;
  /** Start a bulk cancellation (SPEC §4.5); returns its record at once, the sweep runs in the background. */
  createCancellation(request: BulkCancellationRequest): Promise<BulkCancellationView>;
  getCancellation(id: string): Promise<BulkCancellationView | null>;
  listCancellations(): Promise<BulkCancellationView[]>;
  stopCancellation(id: string): Promise<BulkCancellationView>;
  /** A new run with an ended run's triggering event(s) and `original_run_id`. */
  replayRun(id: string): Promise<RunView>;
  replayRuns(filter: ReplayFilter): Promise<ReplayResult>;
  /** Pause a function, by id or slug (SPEC §4.6). */
  pauseFunction(slug: string, options?: { readonly cancelRunning?: boolean }): Promise<PauseResult>;
  resumeFunction(slug: string): Promise<ResumeResult>;
  /**
   * Move a sleeping run's wake-up to `until` (a Date, an RFC 3339 string or epoch ms; a past
   * time wakes it at once). `RunConflictError` (409) unless the run sleeps.
   */
  rescheduleRun(id: string, options: { readonly until: TimeInput }): Promise<RunView>;
  /** The registered functions (in-process and synced apps'), with whether each is paused. */
  functions(): Promise<FunctionView[]>;
  /**
   * Sync an SDK app: its functions replace those it had, or the sync is refused (`problem`: a
   * reason found before, such as an option Quell does not implement), recorded on the app.
   */
  syncApp(app: SyncedApp, problem?: string | null): Promise<SyncResult>;
  /** The synced SDK apps and their sync state. */
  apps(): Promise<AppView[]>;
  /** Resolves when nothing is due now and no execution is in flight. */
  idle(): Promise<void>;
  /** Whether what the engine depends on is up (the store), checked now. */
  health(): Promise<EngineHealth>;
}
