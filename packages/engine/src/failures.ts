import { isStoreUnavailable, type Logger } from "@quell/core";
import type { Clock } from "./clock";

/**
 * How long to wait before trying a failed tick again: 50 ms, doubling, at most 1 s. No jitter:
 * the engine stays deterministic on a virtual clock. The cap bounds how long work waits once
 * the store is back (the store's client reconnects on a similar schedule).
 */
export const retryDelayMs = (failures: number): number =>
  Math.min(50 * 2 ** Math.max(0, failures - 1), 1_000);

/**
 * Logs the failures of a loop without flooding: a store that is unavailable is not logged at
 * all (the store reports that once per outage), and any other error once per streak of
 * failures with the same message.
 */
export const failureLog = (logger: Logger, what: string) => {
  let last: string | null = null;
  return {
    report: (error: unknown, retryMs?: number): void => {
      if (isStoreUnavailable(error)) return;
      const message = error instanceof Error ? error.message : String(error);
      if (message === last) return;
      last = message;
      const retry = retryMs === undefined ? "" : `; retrying in ${retryMs} ms`;
      logger.error(`${what}${retry}`, error);
    },
    /** The loop went through: the next failure is news again. */
    reset: (): void => {
      last = null;
    },
  };
};

export interface RetryOptions {
  readonly clock: Clock;
  readonly logger: Logger;
  readonly isRunning: () => boolean;
  /** What to run when the retry is due (a tick). */
  readonly wake: () => Promise<void>;
}

/**
 * When to tick again after a failure: a timer on the clock, backing off with each failure in a
 * row (`retryDelayMs`); one armed at a time. A tick that goes through resets the backoff.
 */
export const tickRetry = (options: RetryOptions) => {
  const { clock } = options;
  const log = failureLog(options.logger, "quell: tick failed");
  let failures = 0;
  let cancel: (() => void) | null = null;
  const arm = (): void => {
    if (cancel !== null || !options.isRunning()) return;
    cancel = clock.setTimer(clock.now() + retryDelayMs(failures), async () => {
      cancel = null;
      await options.wake();
    });
  };
  return {
    /** Make sure a tick comes soon (work waits for the store). */
    arm,
    failed: (error: unknown): void => {
      failures += 1;
      log.report(error, retryDelayMs(failures));
      arm();
    },
    succeeded: (): void => {
      failures = 0;
      log.reset();
    },
    cancel: (): void => {
      cancel?.();
      cancel = null;
    },
  };
};
