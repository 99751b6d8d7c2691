/**
 * Delay before retry number `attempt` (1-based): exponential from 1 s, capped at 10 min.
 * Deterministic (no jitter) so simulations and model checking replay exactly.
 */
export const backoffMs = (attempt: number): number => Math.min(1_000 * 2 ** (attempt - 1), 600_000);

/**
 * When retry number `attempt` wakes: at the hint the failing code gave (the SDK's `Retry-After`),
 * never before `at`; without one, after `backoffMs(attempt)`.
 */
export const retryWakeAt = (at: number, attempt: number, hint: number | undefined): number =>
  hint === undefined ? at + backoffMs(attempt) : Math.max(at, hint);
