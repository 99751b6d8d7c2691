import type { Run, RunAction, RunState } from "@quell/core";

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
 * free within two renewal intervals. A renewal that fails is retried sooner (`retryDelayMs`).
 */
export const renewalInterval = (leaseMs: number): number => Math.max(1, Math.floor(leaseMs / 2));

/** What is wrong with a lease duration, or null if it is usable. */
export const leaseProblem = (leaseMs: number): string | null =>
  Number.isFinite(leaseMs) && leaseMs >= MIN_LEASE_MS && leaseMs <= MAX_LEASE_MS
    ? null
    : `must be between ${MIN_LEASE_MS} ms and ${MAX_LEASE_MS / 60_000} minutes, got ${leaseMs} ms`;

/** States whose run an execution may be working on: the ones that keep a lease. */
const LEASED: ReadonlySet<RunState> = new Set(["running", "cancelling"]);

/** States a run can hold a lease in: leased ones, and `queued` between claim and start. */
const MAY_HOLD: ReadonlySet<RunState> = new Set(["queued", "running", "cancelling"]);

export const isLeased = (state: RunState): boolean => LEASED.has(state);

/**
 * How many times the run's lease expired (the reducer logs each `LeaseExpired`). An execution
 * remembers it when it starts; if it changed by the time it reports, another worker took the
 * run over and the report is stale: it is dropped, whatever it says.
 */
export const leaseEpoch = (run: Run): number => {
  let epoch = 0;
  for (const entry of run.timeline) if (entry.type === "lease.expired") epoch += 1;
  return epoch;
};

/**
 * The lease a commit writes: dropped when the run leaves `running`/`cancelling`, extended when
 * this process is about to execute it (an `Execute` or `SendEvents` action), otherwise kept.
 */
export const leaseFor = (
  before: RunState,
  after: Run,
  actions: readonly RunAction[],
  at: number,
  leaseMs: number,
): number | null | undefined => {
  if (!isLeased(after.state)) return MAY_HOLD.has(before) ? null : undefined;
  return actions.some((a) => a._tag !== "AbortStep") ? at + leaseMs : undefined;
};
