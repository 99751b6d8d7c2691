import {
  type AppView,
  apiCancellation,
  type BulkCancellationRequest,
  type BulkCancellationView,
  DEFAULT_LEASE_MS,
  DEFAULT_MAX_EVENT_BYTES,
  type EventInput,
  type FunctionView,
  type ListRunsFilter,
  type Logger,
  leaseProblem,
  normalizeEvent,
  optionalTimeField,
  type PauseResult,
  prepareEvents,
  type QuellFunction,
  QuellValidationError,
  type ReplayFilter,
  type ReplayResult,
  type ResumeResult,
  RunConflictError,
  RunNotFoundError,
  type RunState,
  type RunStatus,
  type RunView,
  rescheduleInput,
  resolveFunction,
  type Store,
  type SyncedApp,
  statesForStatuses,
  type TimeInput,
  toAppView,
  toFunctionView,
  toRunView,
  validationError,
  withFailureFunctions,
} from "@quell/core";
import { monotonicFactory } from "ulid";
import { type Clock, realClock } from "./clock";
import { createCronFirer } from "./cron";
import { type EventQueries, eventQueries } from "./event-queries";
import type { FunctionHost } from "./function-host";
import { createLockKeeper } from "./lock-keeper";
import {
  createCancellation,
  getCancellation,
  listCancellations,
  resumeSweeps,
  stopCancellation,
} from "./operations/bulk-cancel";
import type { OperationsContext } from "./operations/context";
import { pauseFunction, resumeFunction } from "./operations/pause";
import { replayRun, replayRuns } from "./operations/replay";
import { createRegistry } from "./registry";
import { createRetention, type RetentionOptions } from "./retention";
import { createScheduler } from "./scheduler";
import { type SyncResult, syncApp } from "./sync-app";

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

const statesFor = (statuses: readonly string[]): RunState[] => {
  const states = statesForStatuses(statuses);
  if (states._tag === "Left") throw validationError(states.left);
  return states.right;
};

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

/** The dedupe key of the `index`-th event of a send seeded by the SDK (none without a seed). */
const seededKey = (seed: string | undefined, index: number): string | null =>
  seed === undefined ? null : `seed:${seed}:${index}`;

/**
 * The runtime: interprets the core's decisions through a store and a clock.
 *
 * @example
 * const engine = createEngine({ functions: [scheduleReminder], store: memoryStore() });
 * await engine.start();
 * await engine.send({ name: "tasks/reminder.created", data: { reminderId: "r1", remindAt } });
 */
export const createEngine = (options: EngineOptions): Engine => {
  const { store } = options;
  const clock = options.clock ?? realClock();
  const logger = options.logger ?? console;
  const maxEventBytes = options.maxEventBytes ?? DEFAULT_MAX_EVENT_BYTES;
  const registered = withFailureFunctions(options.functions);
  const registry = createRegistry(registered, store, logger);
  const ulid = monotonicFactory(() => Math.random()); // unique, not secret: crypto was slow
  const newId = (): string => ulid(clock.now());
  const owner = newId();
  const leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
  const problem = leaseProblem(leaseMs);
  if (problem !== null) throw new QuellValidationError("leaseMs", problem);
  const workers = options.workers ?? true;
  const locks = createLockKeeper({ store, clock, logger, owner, leaseMs });
  const scheduler = createScheduler({
    store,
    clock,
    functions: registry,
    remote: options.remote,
    logger,
    newId,
    locks,
    leaseMs,
    pollMs: options.pollMs,
    concurrency: options.concurrency ?? 100,
    // Cron triggers of every function, in-process and synced apps' (read again as they change).
    cron: createCronFirer({ store, clock, functions: () => registry.map(), newId }),
    // Bulk sweeps nobody holds (their process died) are picked up here.
    onBoundary: (boundary) => resumeSweeps(ops, boundary.bulk),
  });
  const retention =
    options.retention === false
      ? null
      : createRetention({ store, clock, logger, owner, leaseMs, options: options.retention ?? {} });
  const ops: OperationsContext = {
    store,
    clock,
    get functions() {
      return registry.map();
    },
    scheduler,
    newId,
    batchSize: options.bulkBatchSize ?? 100,
    locks,
    workers,
    sweeping: new Set(),
  };

  const view = async (id: string): Promise<RunView> => {
    const run = await store.getRun(id);
    if (run === null) throw new RunNotFoundError(id);
    return toRunView(run);
  };

  return {
    start: async () => {
      for (const fn of registered)
        for (const warning of fn.warnings) logger.warn(`${fn.slug}: ${warning}`);
      // API-only: the scheduler never runs, so `tick` does nothing and commits perform nothing.
      if (!workers) return;
      scheduler.start();
      retention?.start();
      await scheduler.tick();
    },
    stop: async () => {
      await retention?.stop();
      await scheduler.stop();
      await locks.stop();
    },
    send: async (events, sendOptions = {}) => {
      const prepared = prepareEvents(events, maxEventBytes);
      const at = clock.now();
      const results = await store.ingest(
        prepared.map((event, index) => {
          const internalId = newId();
          return {
            internalId,
            payload: normalizeEvent(event, internalId, at),
            dedupeKey: event.id ?? seededKey(sendOptions.idSeed, index),
            receivedAt: at,
          };
        }),
      );
      await scheduler.tick();
      return {
        ids: results.map((r) => (r._tag === "Ingested" ? r.event.internalId : r.internalId)),
      };
    },
    getRun: async (id) => {
      const run = await store.getRun(id);
      return run === null ? null : toRunView(run);
    },
    listRuns: async (query = {}) => {
      const statuses =
        query.status === undefined
          ? undefined
          : Array.isArray(query.status)
            ? query.status
            : [query.status];
      const after = optionalTimeField("startedAfter", query.startedAfter);
      if (after._tag === "Left") throw validationError(after.left);
      const before = optionalTimeField("startedBefore", query.startedBefore);
      if (before._tag === "Left") throw validationError(before.left);
      // By id or slug, as HTTP takes it; an unknown name is a slug (runs may outlive their code).
      if (query.functionId !== undefined) await registry.refresh();
      const functionId =
        query.functionId === undefined
          ? undefined
          : (resolveFunction(registry.map().values(), query.functionId)?.slug ?? query.functionId);
      const filter: ListRunsFilter = {
        ...(functionId !== undefined ? { functionId } : {}),
        ...(statuses !== undefined ? { states: statesFor(statuses) } : {}),
        ...(after.right !== null ? { createdAfter: after.right } : {}),
        ...(before.right !== null ? { createdBefore: before.right } : {}),
        ...(query.cursor !== undefined ? { cursor: query.cursor } : {}),
        ...(query.limit !== undefined ? { limit: query.limit } : {}),
      };
      const page = await store.listRuns(filter);
      return { runs: page.runs.map(toRunView), cursor: page.cursor };
    },
    runsForEvent: async (eventId) => (await store.runsForEvent(eventId)).map(toRunView),
    ...eventQueries(store),
    cancelRun: async (id, cancelOptions) => {
      const result = await scheduler.apply(id, () => {
        const at = clock.now();
        return { _tag: "Cancel", at, cancellation: apiCancellation(at, cancelOptions?.reason) };
      });
      if (result === null) throw new RunNotFoundError(id);
      if (result.outcome._tag === "Rejected") throw new RunConflictError(id, result.outcome.reason);
      await scheduler.tick();
      return view(id);
    },
    rescheduleRun: async (id, rescheduleOptions) => {
      // Checked before the run is read: a bad time is a 400 whatever the run.
      const checked = rescheduleInput(rescheduleOptions?.until, clock.now());
      if (checked._tag === "Left") throw validationError(checked.left);
      const { until } = checked.right;
      const result = await scheduler.apply(id, () => ({
        _tag: "Reschedule",
        at: clock.now(),
        until,
      }));
      if (result === null) throw new RunNotFoundError(id);
      if (result.outcome._tag === "Rejected") throw new RunConflictError(id, result.outcome.reason);
      // A time already past is due now: the tick wakes the run.
      await scheduler.tick();
      return view(id);
    },
    createCancellation: async (request) => {
      await registry.refresh();
      return createCancellation(ops, request);
    },
    getCancellation: (id) => getCancellation(ops, id),
    listCancellations: () => listCancellations(ops),
    stopCancellation: (id) => stopCancellation(ops, id),
    replayRun: async (id) => {
      await registry.refresh();
      return replayRun(ops, id);
    },
    replayRuns: async (filter) => {
      await registry.refresh();
      return replayRuns(ops, filter);
    },
    pauseFunction: async (slug, pauseOptions) => {
      await registry.refresh();
      return pauseFunction(ops, slug, pauseOptions);
    },
    resumeFunction: async (slug) => {
      await registry.refresh();
      return resumeFunction(ops, slug);
    },
    functions: async () => {
      const [paused] = await Promise.all([store.pausedFunctions(), registry.refresh()]);
      return [...registry.map().values()].map((fn) => toFunctionView(fn, paused.has(fn.slug)));
    },
    syncApp: (app, problem = null) =>
      syncApp({ store, clock, logger, registry, tick: () => scheduler.tick() }, app, problem),
    apps: async () => (await store.listApps()).map(toAppView),
    idle: () => scheduler.idle(),
    health: async () => {
      try {
        await store.ping();
        return { store: { _tag: "Ok" } };
      } catch (error) {
        return { store: { _tag: "Down", error } };
      }
    },
  };
};
