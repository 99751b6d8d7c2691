import {
  isStoreUnavailable,
  type Logger,
  type PruneResult,
  pruneHasMore,
  pruneRequest,
  QuellValidationError,
  type RetentionPolicy,
  retentionMs,
  type Store,
} from "@quell/core";
import type { Clock } from "./clock";

/** Retention settings of `createEngine` (ms); what is kept and why: docs/operations.md. */
export interface RetentionOptions {
  /** Ended runs and ended bulk cancellations, from their end (default 7 days, at least 1 min). */
  readonly runsMs?: number;
  /** Events no run needs, from their reception (default 7 days, at least 1 min). */
  readonly eventsMs?: number;
  /** How often to sweep (default 1 min). */
  readonly intervalMs?: number;
  /** Most of each kind one batch (one atomic store call) deletes (default 100). */
  readonly batchSize?: number;
}

export interface Retention {
  start(): void;
  /** Stop sweeping; waits for a sweep in progress to finish its batch. */
  stop(): Promise<void>;
  /** Sweep now, batch after batch until nothing is left as of now; null if another process holds the lock. */
  sweep(): Promise<PruneResult | null>;
}

/** One process at a time sweeps a store. */
export const RETENTION_LOCK = "retention";

const MINUTE_MS = 60_000;

const positiveInteger = (field: string, value: number | undefined, fallback: number): number => {
  if (value === undefined) return fallback;
  if (!Number.isSafeInteger(value) || value <= 0)
    throw new QuellValidationError(field, `must be a positive whole number, got ${value}`);
  return value;
};

const policyOf = (options: RetentionOptions): RetentionPolicy => {
  const check = (field: string, ms: number | undefined): number => {
    const checked = retentionMs(field, ms);
    if (checked._tag === "Left") throw new QuellValidationError(field, checked.left.message);
    return checked.right;
  };
  return {
    runsMs: check("retention.runsMs", options.runsMs),
    eventsMs: check("retention.eventsMs", options.eventsMs),
  };
};

const add = (a: PruneResult, b: PruneResult): PruneResult => ({
  runs: a.runs + b.runs,
  events: a.events + b.events,
  bulkCancellations: a.bulkCancellations + b.bulkCancellations,
  dedupeKeys: a.dedupeKeys + b.dedupeKeys,
});

/**
 * The background sweep that keeps a store bounded: every `intervalMs` on the engine's clock,
 * under a lock, it asks the store to prune what the core's rule allows as of that moment, one
 * bounded batch at a time, until a batch comes back short. A failed sweep is logged once (not
 * at every interval while the store stays down) and tried again at the next interval.
 */
export const createRetention = (input: {
  readonly store: Store;
  readonly clock: Clock;
  readonly logger: Logger;
  /** This process, as the lock's owner. */
  readonly owner: string;
  /** How long the lock is held without renewal (renewed before each batch). */
  readonly leaseMs: number;
  readonly options: RetentionOptions;
}): Retention => {
  const { store, clock, logger, owner, leaseMs } = input;
  const policy = policyOf(input.options);
  const intervalMs = positiveInteger("retention.intervalMs", input.options.intervalMs, MINUTE_MS);
  const limit = positiveInteger("retention.batchSize", input.options.batchSize, 100);
  let running = false;
  let stopped = false;
  let failing = false;
  let cancelTimer: (() => void) | null = null;
  let current: Promise<unknown> = Promise.resolve();

  const hold = (): Promise<boolean> =>
    store.acquireLock(RETENTION_LOCK, owner, clock.now(), clock.now() + leaseMs);

  const sweep = async (): Promise<PruneResult | null> => {
    if (!(await hold())) return null;
    try {
      // One time for the whole sweep: it deletes what was due when it started, then stops.
      const request = pruneRequest(clock.now(), policy, limit);
      let total: PruneResult = { runs: 0, events: 0, bulkCancellations: 0, dedupeKeys: 0 };
      for (;;) {
        const batch = await store.prune(request);
        total = add(total, batch);
        if (!pruneHasMore(batch, limit) || stopped || !(await hold())) return total;
      }
    } finally {
      await store.releaseLock(RETENTION_LOCK, owner).catch(() => undefined); // it expires anyway
    }
  };

  const sweepAndReport = async (): Promise<void> => {
    try {
      const total = await sweep();
      if (failing) logger.info("quell: retention sweep recovered");
      failing = false;
      if (total !== null && (total.runs > 0 || total.events > 0))
        logger.debug(
          `quell: retention deleted ${total.runs} runs, ${total.events} events, ` +
            `${total.bulkCancellations} bulk cancellations`,
        );
    } catch (error) {
      // An unavailable store is reported by the store, once per outage (see failures.ts).
      if (isStoreUnavailable(error)) return;
      if (!failing)
        logger.error(`quell: retention sweep failed; retrying every ${intervalMs} ms`, error);
      failing = true;
    }
  };

  const arm = (): void => {
    if (!running) return;
    cancelTimer = clock.setTimer(clock.now() + intervalMs, () => {
      current = sweepAndReport().then(arm);
      return current;
    });
  };

  return {
    start: () => {
      if (running) return;
      running = true;
      stopped = false;
      arm();
    },
    stop: async () => {
      running = false;
      stopped = true;
      cancelTimer?.();
      cancelTimer = null;
      await current;
    },
    sweep,
  };
};
