import {
  type BoundaryContext,
  type BulkCancellation,
  type Logger,
  type QuellFunction,
  type RunAction,
  type RunInput,
  type Store,
  atStepBoundary,
} from "@quell/core";
import type { Clock } from "./clock";
import { processEvent } from "./event-processor";
import { runExecution, sendStepEvents } from "./executions";
import { type Transaction, transact } from "./transact";

export interface SchedulerOptions {
  readonly store: Store;
  readonly clock: Clock;
  readonly functions: ReadonlyMap<string, QuellFunction>;
  readonly logger: Logger;
  readonly concurrency: number;
  /** Monotonic ULIDs: ids made in the same millisecond still sort by creation. */
  readonly newId: () => string;
}

export interface Scheduler {
  start(): void;
  stop(): Promise<void>;
  /** Process everything due now: pending events, due timers, queued runs. Calls coalesce. */
  tick(): Promise<void>;
  /** Apply one input to one run (checked at step boundaries) and perform what it asks. */
  apply(runId: string, input: () => RunInput): Promise<Transaction | null>;
  idle(): Promise<void>;
  /** Reload paused functions and active bulk cancellations from the store. */
  refreshBoundary(): Promise<void>;
  /** Paused functions and active bulk cancellations as this process last saw them. */
  boundary(): BoundaryContext;
  /** Run background work (a bulk sweep) under the scheduler's tracking, so `idle` waits for it. */
  track(work: Promise<void>): void;
}

const BATCH = 256;

/**
 * The engine's loop. Ticks run one at a time; executions run concurrently (up to
 * `concurrency`) and kick a tick when they report. Between ticks it sleeps on the clock until
 * the store's next due timer or queue item.
 */
export const createScheduler = (options: SchedulerOptions): Scheduler => {
  const { store, clock, functions, logger } = options;
  const { newId } = options;
  const inFlight = new Set<Promise<void>>();
  const controllers = new Map<string, AbortController>();
  let running = false;
  let chain: Promise<void> = Promise.resolve();
  let queuedTick: Promise<void> | null = null;
  let cancelTimer: (() => void) | null = null;
  let boundary: BoundaryContext = { paused: new Set(), bulk: [] };

  const refreshBoundary = async (): Promise<void> => {
    const [paused, records] = await Promise.all([store.pausedFunctions(), store.listBulkCancellations()]);
    const bulk: BulkCancellation[] = records.filter((r) => r.status === "running" && !r.dry_run);
    boundary = { paused, bulk };
  };

  const track = (work: Promise<void>): void => {
    const tracked = work
      .catch((error: unknown) => logger.error("quell: execution failed unexpectedly", error))
      .finally(() => inFlight.delete(tracked));
    inFlight.add(tracked);
  };

  const perform = (runId: string, actions: readonly RunAction[]): void => {
    for (const action of actions) {
      if (action._tag === "AbortStep") {
        controllers.get(runId)?.abort(new Error("run cancelled"));
        continue;
      }
      const work =
        action._tag === "Execute"
          ? runExecution({ store, functions, clock, logger, controllers, runId, allowStep: action.allowStep })
          : sendStepEvents({ store, clock, runId, action, newId });
      track(work.then((report) => (report === null ? undefined : applyAndKick(runId, report))));
    }
  };

  const apply = async (runId: string, input: () => RunInput): Promise<Transaction | null> => {
    const result = await transact(store, functions, runId, (run) => atStepBoundary(run, input(), boundary), newId);
    if (result !== null && running) perform(runId, result.actions);
    return result;
  };

  const applyAndKick = async (runId: string, input: () => RunInput): Promise<void> => {
    await apply(runId, input);
    void tick();
  };

  const runTick = async (): Promise<void> => {
    queuedTick = null;
    if (!running) return;
    await refreshBoundary();
    for (let progressed = true; progressed && running; ) {
      progressed = false;
      for (const event of await store.pendingEvents(BATCH)) {
        await processEvent({ store, functions, event, now: clock.now(), newId, apply, paused: boundary.paused });
        await store.markProcessed(event.internalId);
        progressed = true;
      }
      for (const runId of await store.dueTimers(clock.now(), BATCH)) {
        await apply(runId, () => ({ _tag: "TimerFired", at: clock.now() }));
        progressed = true;
      }
      const room = options.concurrency - inFlight.size;
      if (room > 0) {
        for (const runId of await store.claimQueued(clock.now(), Math.min(room, BATCH))) {
          await apply(runId, () => ({ _tag: "ExecutionStarted", at: clock.now() }));
          progressed = true;
        }
      }
    }
    await rearm();
  };

  const rearm = async (): Promise<void> => {
    cancelTimer?.();
    cancelTimer = null;
    const next = await store.nextDueAt();
    if (next === null || !running) return;
    if (next <= clock.now() && inFlight.size >= options.concurrency) return; // a report will kick
    cancelTimer = clock.setTimer(next, async () => {
      await tick();
      await idle();
    });
  };

  const tick = (): Promise<void> => {
    if (queuedTick !== null) return queuedTick;
    const next = chain.then(runTick);
    chain = next.catch((error: unknown) => logger.error("quell: tick failed", error));
    queuedTick = next;
    return next;
  };

  const idle = async (): Promise<void> => {
    for (;;) {
      await chain;
      if (inFlight.size === 0 && queuedTick === null) return;
      await Promise.all([...inFlight]);
    }
  };

  return {
    start: () => {
      running = true;
    },
    stop: async () => {
      running = false;
      cancelTimer?.();
      await chain;
      await Promise.all([...inFlight]);
    },
    tick,
    apply,
    idle,
    refreshBoundary,
    boundary: () => boundary,
    track,
  };
};
