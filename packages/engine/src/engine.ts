import {
  apiCancellation,
  type BulkCancellationView,
  DEFAULT_LEASE_MS,
  DEFAULT_MAX_EVENT_BYTES,
  type ListRunsFilter,
  leaseProblem,
  optionalTimeField,
  QuellValidationError,
  RunConflictError,
  RunNotFoundError,
  type RunState,
  type RunView,
  rescheduleInput,
  resolveFunction,
  statesForStatuses,
  toAppView,
  toFunctionView,
  toRunView,
  validationError,
  withFailureFunctions,
} from "@quell/core";
import { monotonicFactory } from "ulid";
import { realClock } from "./clock";
import { createCronFirer } from "./cron";
import type { Engine, EngineOptions } from "./engine-api";
import { eventQueries } from "./event-queries";
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
import { copiedForListenersOnly, ownsCron, ownsTrigger } from "./partitions/ownership";
import { idsInPartition } from "./partitions/partition-of";
import { createRegistry } from "./registry";
import { createRetention } from "./retention";
import { createScheduler } from "./scheduler";
import { sendRequests, sentIds } from "./send-requests";
import { syncApp } from "./sync-app";

const statesFor = (statuses: readonly string[]): RunState[] => {
  const states = statesForStatuses(statuses);
  if (states._tag === "Left") throw validationError(states.left);
  return states.right;
};

/**
 * The runtime: interprets the core's decisions through a store and a clock.
 *
 * @example
 * const engine = createEngine({ functions: [scheduleReminder], store: memoryStore() });
 * await engine.start();
 * await engine.send({ name: "tasks/reminder.created", data: { reminderId: "r1", remindAt } });
 */
export const createEngine = (options: EngineOptions): Engine => buildEngine(options).engine;

/** What a partitioned engine needs of each partition's engine besides its API. */
export interface EngineInternals {
  readonly engine: Engine;
  /** Run a tick now (or wait for the one running, then one more), as `send` does. */
  readonly tick: () => Promise<void>;
  /** `createCancellation` with the id given: one bulk cancellation, one record per partition. */
  readonly createCancellation: (request: unknown, id: string) => Promise<BulkCancellationView>;
  /** `copiedForListenersOnly` with this engine's functions, as it knows them now. */
  readonly copiedForListenersOnly: (name: string) => boolean;
}

/** The engine, and what `createPartitionedEngine` drives it with. */
export const buildEngine = (
  options: EngineOptions,
  /** Log the functions' registration warnings at start (one partition of several does). */
  { warnAtStart = true }: { readonly warnAtStart?: boolean } = {},
): EngineInternals => {
  const { store } = options;
  const clock = options.clock ?? realClock();
  const logger = options.logger ?? console;
  const maxEventBytes = options.maxEventBytes ?? DEFAULT_MAX_EVENT_BYTES;
  const registered = withFailureFunctions(options.functions);
  const registry = createRegistry(registered, store, logger);
  // Unique, not secret: crypto was slow.
  const ulid = monotonicFactory(options.random ?? (() => Math.random()));
  const { partition } = options;
  const anyId = (): string => ulid(clock.now());
  // In a partition, the ids it makes (emitted events, replayed runs) are its own.
  const newId =
    partition === undefined ? anyId : idsInPartition(anyId, partition.index, partition.count);
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
    cron: createCronFirer({
      store,
      clock,
      functions: () => registry.map(),
      newId,
      owns: partition === undefined ? undefined : ownsCron(partition),
    }),
    owns: partition === undefined ? undefined : ownsTrigger(partition),
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

  const engine: Engine = {
    start: async () => {
      if (warnAtStart)
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
      const at = clock.now();
      const requests = sendRequests(events, { ...sendOptions, maxEventBytes, at }, newId);
      const results = await store.ingest(requests);
      await scheduler.tick();
      return { ids: sentIds(results) };
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
  return {
    engine,
    tick: () => scheduler.tick(),
    copiedForListenersOnly: (name) => copiedForListenersOnly(registry.map(), name),
    createCancellation: async (request, id) => {
      await registry.refresh();
      return createCancellation(ops, request, id);
    },
  };
};
