import type { Run, RunAction, RunState } from "@quell/core";

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
