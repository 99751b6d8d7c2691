import type { Logger, RunAction, Store } from "@quell/core";
import type { Clock } from "./clock";
import type { LeaseKeeper } from "./lease-keeper";
import type { Transaction } from "./transact";

type LeasedAction = Extract<RunAction, { _tag: "Execute" | "SendEvents" }>;

/** Actions performed under the run's lease (an execution, a step's events). */
const leasedActions = (actions: readonly RunAction[]): LeasedAction[] =>
  actions.filter(
    (action): action is LeasedAction => action._tag === "Execute" || action._tag === "SendEvents",
  );

/**
 * Have the heartbeat keep a run's lease for each of these actions, from now until the result is
 * called: for work performed after a delay (a tick first), whose lease must not lapse meanwhile.
 */
export const holdLeases = (
  keeper: LeaseKeeper,
  runId: string,
  actions: readonly RunAction[],
): (() => void) => {
  const releases = leasedActions(actions).map((action) => keeper.hold(runId, action.epoch));
  return () => {
    for (const release of releases) release();
  };
};

export interface LandedLeaseContext {
  readonly store: Store;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly keeper: LeaseKeeper;
  readonly leaseMs: number;
}

/**
 * Keep the lease of a commit that landed although its answer was lost, while this process
 * catches up with the work it asked for; null when that lease may be lost.
 *
 * The outage may have outlasted the lease the commit took. Once it expired, another process may
 * take the run over (a new epoch) and execute it; an execution performed here afterwards could
 * start a step after that process committed the step's result (SPEC §7.5). So the work is
 * performed only while the lease keeps a safe margin (a quarter lease: the renewal's round trip
 * and the processes' clock skew fit in it), renewed at once and then kept by the heartbeat.
 * Otherwise it is left to the takeover, which executes the run again.
 */
export const holdLandedLease = async (
  context: LandedLeaseContext,
  transaction: Transaction,
): Promise<(() => void) | null> => {
  const { store, clock, leaseMs } = context;
  const runId = transaction.run.id;
  if (leasedActions(transaction.actions).length === 0) return () => {};
  const until = transaction.leaseUntil;
  if (until === undefined || clock.now() >= until - Math.floor(leaseMs / 4)) {
    context.logger.info(
      `quell: run ${runId}: its lease lapsed while the store was unavailable; it is taken over`,
    );
    return null;
  }
  const renewed = await store.renewLeases([runId], clock.now() + leaseMs);
  if (!renewed.includes(runId)) return null;
  return holdLeases(context.keeper, runId, transaction.actions);
};
