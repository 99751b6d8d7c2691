/**
 * How long a run's lease, and a lock, stay with a process that stops renewing them. It bounds
 * takeover after a crash (a dead process's runs and locks are free at most this long after its
 * last renewal, two renewal intervals); renewals come every half of it, and a failed renewal is
 * tried again within a second, so a process may stall for half of it (a GC pause, a blocked
 * event loop) before another one takes its work over. docs/redis.md, "Leases and takeover",
 * explains the choice.
 */
export const DEFAULT_LEASE_MS = 10_000;
/** Shorter leases are lost to ordinary stalls and renewal round trips. */
export const MIN_LEASE_MS = 300;
/** Longer ones mean an hour without a crashed process's work: surely a mistake. */
export const MAX_LEASE_MS = 3_600_000;

/**
 * How often a held lease or lock is renewed: every half of it, so a crashed holder's work is
 * free within two renewal intervals. A renewal that fails is retried sooner (the engine's
 * `retryDelayMs`).
 */
export const renewalInterval = (leaseMs: number): number => Math.max(1, Math.floor(leaseMs / 2));

/** What is wrong with a lease duration, or null if it is usable. */
export const leaseProblem = (leaseMs: number): string | null =>
  Number.isFinite(leaseMs) && leaseMs >= MIN_LEASE_MS && leaseMs <= MAX_LEASE_MS
    ? null
    : `must be between ${MIN_LEASE_MS} ms and ${MAX_LEASE_MS / 60_000} minutes, got ${leaseMs} ms`;
