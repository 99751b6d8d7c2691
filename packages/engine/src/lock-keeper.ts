import { type Logger, renewalInterval, type Store } from "@quell/core";
import type { Clock } from "./clock";
import { failureLog, retryDelayMs } from "./failures";

export interface LockKeeperOptions {
  readonly store: Store;
  readonly clock: Clock;
  readonly logger: Logger;
  /** This process, as the owner of its locks. */
  readonly owner: string;
  readonly leaseMs: number;
}

export interface LockKeeper {
  /**
   * Take the lock `name`, or keep it: true while this process holds it. A lock renewed less
   * than a renewal interval ago is known to be held without asking the store. Every `acquire`
   * needs a `release` (in a `finally`): a held lock is renewed until then.
   */
  acquire(name: string): Promise<boolean>;
  /** Let go of `name` (nothing happens if this process does not hold it). */
  release(name: string): Promise<void>;
  /** Take locks again after a `stop` (an engine started again). */
  start(): void;
  /** Let go of every lock this process holds (a clean stop). */
  stop(): Promise<void>;
}

interface Held {
  /** When the store last confirmed the lock (-Infinity: the first request is in flight). */
  renewedAt: number;
}

/**
 * The locks this process holds (the events lock, bulk sweeps), renewed on a timer every half
 * of a lease for as long as they are held, whatever the holder is busy with: a long batch or a
 * slow sweep keeps its lock, and a process that dies frees it one lease after its last renewal
 * at most. A renewal that finds the lock taken (this process stalled past its lease) forgets
 * it, so the next `acquire` asks the store again.
 */
export const createLockKeeper = (options: LockKeeperOptions): LockKeeper => {
  const { store, clock, owner, leaseMs } = options;
  const every = renewalInterval(leaseMs);
  const held = new Map<string, Held>();
  let cancelTimer: (() => void) | null = null;
  let stopped = false;
  const failures = failureLog(options.logger, "quell: renewing a lock failed");
  let failed = 0;

  /** Ask the store for `name` on behalf of `entry`; false if lost, or released meanwhile. */
  const request = async (name: string, entry: Held): Promise<boolean> => {
    const now = clock.now();
    const ok = await store.acquireLock(name, owner, now, now + leaseMs);
    if (held.get(name) !== entry) {
      // Released while the request was in flight: the store may have seen the release first.
      if (ok && !held.has(name)) await store.releaseLock(name, owner);
      return false;
    }
    if (!ok) held.delete(name);
    else entry.renewedAt = Math.max(entry.renewedAt, now);
    return ok;
  };

  const beat = async (): Promise<void> => {
    const outcomes = await Promise.allSettled(
      [...held].map(([name, entry]) => request(name, entry)),
    );
    const failure = outcomes.find((o) => o.status === "rejected");
    if (failure === undefined) {
      failures.reset();
      failed = 0;
      return;
    }
    // Kept: tried again soon (backing off to 1 s), and the lock expires by itself if that never
    // works. An unavailable store is not logged here: the store reports it once.
    failures.report(failure.reason);
    failed += 1;
  };

  const arm = (): void => {
    if (cancelTimer !== null || held.size === 0 || stopped) return;
    const delay = failed === 0 ? every : retryDelayMs(failed);
    cancelTimer = clock.setTimer(clock.now() + delay, async () => {
      cancelTimer = null;
      await beat();
      arm();
    });
  };

  return {
    acquire: async (name) => {
      if (stopped) return false;
      const known = held.get(name);
      if (known !== undefined && clock.now() < known.renewedAt + every) return true;
      const entry = known ?? { renewedAt: Number.NEGATIVE_INFINITY };
      held.set(name, entry);
      try {
        if (!(await request(name, entry))) return false;
      } catch (error) {
        if (known === undefined && held.get(name) === entry) held.delete(name);
        throw error;
      }
      arm();
      return true;
    },
    release: async (name) => {
      if (!held.delete(name)) return;
      if (held.size === 0) {
        cancelTimer?.();
        cancelTimer = null;
      }
      await store.releaseLock(name, owner);
    },
    start: () => {
      stopped = false;
    },
    stop: async () => {
      stopped = true;
      cancelTimer?.();
      cancelTimer = null;
      const names = [...held.keys()];
      held.clear();
      await Promise.all(names.map((name) => store.releaseLock(name, owner)));
    },
  };
};
