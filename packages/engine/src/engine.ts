import {
  type Cancellation,
  type EventInput,
  type ListRunsFilter,
  type Logger,
  type QuellFunction,
  type RunState,
  type RunStatus,
  type RunView,
  type Store,
  DEFAULT_MAX_EVENT_BYTES,
  normalizeEvent,
  prepareEvents,
  RunConflictError,
  RunNotFoundError,
  toRunView,
} from "@quell/core";
import { monotonicFactory } from "ulid";
import { type Clock, realClock } from "./clock";
import { createScheduler } from "./scheduler";

export interface EngineOptions {
  readonly functions: readonly QuellFunction[];
  readonly store: Store;
  readonly clock?: Clock;
  readonly logger?: Logger;
  /** Per-event size limit in bytes (SPEC §5); default 512 KiB. */
  readonly maxEventBytes?: number;
  /** How many executions run at once in this process; default 100. */
  readonly concurrency?: number;
}

export interface ListRunsQuery {
  readonly functionId?: string;
  readonly status?: RunStatus | readonly RunStatus[];
  readonly createdAfter?: number;
  readonly createdBefore?: number;
  readonly cursor?: string;
  readonly limit?: number;
}

export interface Engine {
  start(): Promise<void>;
  /** Stop taking work and wait for in-flight executions to report. */
  stop(): Promise<void>;
  send(events: EventInput | readonly EventInput[]): Promise<{ ids: string[] }>;
  getRun(id: string): Promise<RunView | null>;
  listRuns(query?: ListRunsQuery): Promise<{ runs: RunView[]; cursor: string | null }>;
  runsForEvent(eventId: string): Promise<RunView[]>;
  cancelRun(id: string, options?: { readonly reason?: string }): Promise<RunView>;
  /** Resolves when nothing is due now and no execution is in flight. */
  idle(): Promise<void>;
}

const statesFor: Record<RunStatus, readonly RunState[]> = {
  Queued: ["queued"],
  Running: ["running", "backoff", "paused"],
  Sleeping: ["sleeping"],
  Waiting: ["waiting"],
  Completed: ["completed"],
  Failed: ["failed"],
  Cancelled: ["cancelled", "cancelling"],
  Skipped: ["skipped"],
};

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
  const functions = new Map(options.functions.map((fn) => [fn.slug, fn]));
  const ulid = monotonicFactory();
  const newId = (): string => ulid(clock.now());
  const scheduler = createScheduler({ store, clock, functions, logger, newId, concurrency: options.concurrency ?? 100 });

  const view = async (id: string): Promise<RunView> => {
    const run = await store.getRun(id);
    if (run === null) throw new RunNotFoundError(id);
    return toRunView(run);
  };

  return {
    start: async () => {
      for (const fn of options.functions) for (const warning of fn.warnings) logger.warn(`${fn.slug}: ${warning}`);
      scheduler.start();
      await scheduler.tick();
    },
    stop: () => scheduler.stop(),
    send: async (events) => {
      const prepared = prepareEvents(events, maxEventBytes);
      const at = clock.now();
      const results = await store.ingest(
        prepared.map((event) => {
          const internalId = newId();
          return { internalId, payload: normalizeEvent(event, internalId, at), dedupeKey: event.id ?? null, receivedAt: at };
        }),
      );
      await scheduler.tick();
      return { ids: results.map((r) => (r._tag === "Ingested" ? r.event.internalId : r.internalId)) };
    },
    getRun: async (id) => {
      const run = await store.getRun(id);
      return run === null ? null : toRunView(run);
    },
    listRuns: async (query = {}) => {
      const statuses = query.status === undefined ? undefined : Array.isArray(query.status) ? query.status : [query.status];
      const filter: ListRunsFilter = {
        ...(query.functionId !== undefined ? { functionId: query.functionId } : {}),
        ...(statuses !== undefined ? { states: (statuses as RunStatus[]).flatMap((s) => statesFor[s]) } : {}),
        ...(query.createdAfter !== undefined ? { createdAfter: query.createdAfter } : {}),
        ...(query.createdBefore !== undefined ? { createdBefore: query.createdBefore } : {}),
        ...(query.cursor !== undefined ? { cursor: query.cursor } : {}),
        ...(query.limit !== undefined ? { limit: query.limit } : {}),
      };
      const page = await store.listRuns(filter);
      return { runs: page.runs.map(toRunView), cursor: page.cursor };
    },
    runsForEvent: async (eventId) => (await store.runsForEvent(eventId)).map(toRunView),
    cancelRun: async (id, cancelOptions) => {
      const cancellation = (): Cancellation => ({
        source: "api",
        at: clock.now(),
        ...(cancelOptions?.reason !== undefined ? { reason: cancelOptions.reason } : {}),
      });
      const result = await scheduler.apply(id, () => ({ _tag: "Cancel", at: clock.now(), cancellation: cancellation() }));
      if (result === null) throw new RunNotFoundError(id);
      if (result.outcome._tag === "Rejected") throw new RunConflictError(id, result.outcome.reason);
      await scheduler.tick();
      return view(id);
    },
    idle: () => scheduler.idle(),
  };
};
