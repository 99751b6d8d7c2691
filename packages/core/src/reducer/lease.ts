import type { Run, RunState } from "../codecs/run";
import { isTerminal } from "../machine/run-machine";
import type { RunContext, RunEffect } from "./effects";

// Every lease rule, in one place (SPEC §7.10). The runtime performs the effects (claims,
// renewals, releases, timers); what a lease means for a run is decided here.

/** States whose run an execution may be working on: the ones that keep a lease. */
const LEASED: ReadonlySet<RunState> = new Set(["running", "cancelling"]);

/** States a run can hold a lease in: leased ones, and `queued` between claim and start. */
const MAY_HOLD: ReadonlySet<RunState> = new Set(["queued", "running", "cancelling"]);

const RELEASE: RunEffect = { _tag: "ReleaseLease" };

/** Whether a run in `state` may have an execution working on it, under a lease. */
export const holdsLease = (state: RunState): boolean => LEASED.has(state);

/**
 * The lease effect of a transition from `from` to `to` with these other effects: held (again)
 * when the committing process executes the run next (an `Execute` or `SendEvents`), released
 * when the run leaves the states that hold one, otherwise none (the lease stays as it is).
 */
export const leaseEffects = (
  from: RunState,
  to: RunState,
  effects: readonly RunEffect[],
  at: number,
  ctx: RunContext,
): readonly RunEffect[] => {
  if (!LEASED.has(to)) return MAY_HOLD.has(from) ? [RELEASE] : [];
  const executes = effects.some((e) => e._tag === "Execute" || e._tag === "SendEvents");
  return executes ? [{ _tag: "HoldLease", until: at + ctx.leaseMs }] : [];
};

/** A claim that finds nothing to execute: the lease goes, unless another process executes the run. */
export const idleClaimEffects = (state: RunState): readonly RunEffect[] =>
  LEASED.has(state) ? [] : [RELEASE];

/**
 * Why a report from an execution that began under lease epoch `epoch` is stale, or null when
 * it is current. A stale report comes from a worker presumed dead whose lease was taken over:
 * whatever it says, it never changes the run (SPEC §7.10).
 */
export const staleReport = (run: Run, epoch: number): string | null =>
  epoch === run.leaseEpoch
    ? null
    : `late report from lease epoch ${epoch}: the run's lease was taken over (epoch ${run.leaseEpoch})`;

/**
 * Why an execution that began under lease epoch `epoch` should stop, given the run as its
 * worker's heartbeat read it (null: gone), or null to go on: another worker took the run over,
 * or its cancellation committed in another process (where the `AbortStep` effect ran).
 */
export const executionAbortReason = (run: Run | null, epoch: number): string | null => {
  if (run === null || run.leaseEpoch !== epoch) return "another worker took the run over";
  if (run.state === "cancelling" || run.state === "cancelled") return "run cancelled";
  return isTerminal(run.state) ? `run ${run.state}` : null;
};
