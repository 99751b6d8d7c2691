import { executionAbortReason, type Logger, renewalInterval, type Store } from "@quell/core";
import type { Clock } from "./clock";
import { failureLog, retryDelayMs } from "./failures";

export interface LeaseKeeperOptions {
  readonly store: Store;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly leaseMs: number;
  /**
   * Stop the execution of a run: its cancellation committed in another process (the
   * `AbortStep` effect ran there, where the step is not), or another worker took it over.
   */
  readonly abort: (runId: string, reason: string) => void;
}

export interface LeaseKeeper {
  /** Keep the lease of a run while this process executes it; call the result when done. */
  hold(runId: string, epoch: number): () => void;
  /** Renew again after a `stop` (an engine started again). */
  start(): void;
  stop(): void;
}

interface Held {
  count: number;
  readonly epoch: number;
  /** When this process started holding it: only executions that outlive a renewal interval are
   * checked against the store. */
  readonly since: number;
}

/**
 * The heartbeat of this process's executions. Every half of a lease, it renews the leases of
 * the runs it is executing in one call, and reads each run that has been executing for a whole
 * renewal interval: a cancellation committed elsewhere, or a lease lost to another worker, aborts the
 * step's signal here. Nothing is armed while nothing executes.
 */
export const createLeaseKeeper = (options: LeaseKeeperOptions): LeaseKeeper => {
  const { store, clock, leaseMs } = options;
  const held = new Map<string, Held>();
  let cancelTimer: (() => void) | null = null;
  let stopped = false;
  const failures = failureLog(options.logger, "quell: lease renewal failed");
  let failed = 0;

  const arm = (): void => {
    if (cancelTimer !== null || held.size === 0 || stopped) return;
    // A failed beat is tried again soon (backing off to 1 s), well before the lease runs out.
    const delay = failed === 0 ? renewalInterval(leaseMs) : retryDelayMs(failed);
    cancelTimer = clock.setTimer(clock.now() + delay, async () => {
      cancelTimer = null;
      // The store being down is not logged here: the store reports it once.
      try {
        await beat();
        failures.reset();
        failed = 0;
      } catch (error) {
        failures.report(error);
        failed += 1;
      }
      arm();
    });
  };

  const beat = async (): Promise<void> => {
    const ids = [...held.keys()];
    if (ids.length === 0) return;
    const renewed = new Set(await store.renewLeases(ids, clock.now() + leaseMs));
    for (const id of ids) {
      const entry = held.get(id);
      if (entry === undefined) continue;
      if (!renewed.has(id)) {
        options.abort(id, "the run's lease is gone");
        continue;
      }
      if (clock.now() - entry.since < renewalInterval(leaseMs)) continue;
      const reason = executionAbortReason(await store.getRun(id), entry.epoch);
      if (reason !== null) options.abort(id, reason);
    }
  };

  return {
    hold: (runId, epoch) => {
      let entry = held.get(runId);
      if (entry === undefined || entry.epoch !== epoch) {
        entry = { count: 0, epoch, since: clock.now() };
        held.set(runId, entry);
      }
      const mine = entry;
      mine.count += 1;
      arm();
      let released = false;
      return () => {
        if (released) return;
        released = true;
        mine.count -= 1;
        if (mine.count <= 0 && held.get(runId) === mine) held.delete(runId);
      };
    },
    start: () => {
      stopped = false;
      arm();
    },
    stop: () => {
      stopped = true;
      cancelTimer?.();
      cancelTimer = null;
    },
  };
};
