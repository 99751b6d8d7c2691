import {
  atStepBoundary,
  type BoundaryContext,
  type EngineFunction,
  foldableExecution,
  foldWrites,
  isStoreUnavailable,
  type PureExecute,
  type Run,
  type RunInput,
  reduceRun,
  runContext,
  type Store,
  toRunWrite,
} from "@quell/core";
import type { Report } from "./executions";
import type { ApplyOptions } from "./scheduler-types";
import { withSystemEventRouting } from "./system-event-routing";
import type { Transaction } from "./transact";

export interface FoldOptions {
  readonly store: Store;
  readonly functions: () => ReadonlyMap<string, EngineFunction>;
  readonly boundary: () => BoundaryContext;
  readonly newId: () => string;
  readonly leaseMs: number;
  /** Run the execution on the run as the first transition leaves it (not committed yet). */
  readonly execute: (run: Run, action: PureExecute) => Promise<Report | null>;
  /** As `TransactOptions.onUncertain`: the folded commit failed as unavailable. */
  readonly onUncertain: (transaction: Transaction) => void;
}

const reduce = (
  functions: ReadonlyMap<string, EngineFunction>,
  run: Run,
  received: RunInput,
  boundary: BoundaryContext,
  leaseMs: number,
) => {
  const ctx = runContext(functions.get(run.functionId), run, leaseMs);
  if (ctx === null) return null;
  const input = atStepBoundary(run, received, boundary);
  const reduction = reduceRun(run, input, ctx);
  return reduction.outcome._tag === "Applied" ? { input, reduction } : null;
};

/**
 * Commit `first` on `run` (as this process last committed or read it) together with the report
 * of the execution it asks for, when that execution runs no step's code (`foldableExecution`):
 * the execution runs first, then both transitions commit as one write. A one-step run then
 * takes two commits instead of four (claim + first plan, step result + completion).
 *
 * Returns the transaction, or null when it did not fold: nothing was committed, and the caller
 * applies `first` as usual (its execution runs again; it ran no step, so nothing is repeated
 * but the handler's code between steps, which runs on every execution anyway).
 */
export const commitFolded = async (
  options: FoldOptions,
  run: Run,
  first: RunInput,
): Promise<Transaction | null> => {
  const functions = options.functions();
  const one = reduce(functions, run, first, options.boundary(), options.leaseMs);
  if (one === null) return null;
  const w1 = toRunWrite(one.reduction.run, one.reduction.effects, one.input.at, options.newId);
  const action = foldableExecution(w1.write, w1.actions);
  if (action === null) return null;
  const report = await options.execute(one.reduction.run, action);
  if (report === null) return null;
  const after = one.reduction.run;
  const two = reduce(functions, after, report(), options.boundary(), options.leaseMs);
  if (two === null) return null;
  const w2 = toRunWrite(two.reduction.run, two.reduction.effects, two.input.at, options.newId);
  const write = foldWrites(w1.write, w2.write);
  const transaction: Transaction = {
    outcome: two.reduction.outcome,
    run: two.reduction.run,
    actions: w2.actions,
    leaseUntil: write.lease ?? undefined,
  };
  const committed = await options.store
    .commitRun({
      ...withSystemEventRouting(functions, write, run),
      expectedVersion: run.version,
      expectedState: run.state,
      stampListenersAtCommit: two.input._tag === "OpReported",
    })
    .catch((error: unknown) => {
      if (isStoreUnavailable(error)) options.onUncertain(transaction);
      throw error;
    });
  return committed._tag === "Right" ? transaction : null;
};

export interface CommitWithNextOptions extends FoldOptions {
  /** Keep the run's lease renewed while an execution runs (`LeaseKeeper.hold`). */
  readonly hold: (runId: string, epoch: number) => () => void;
  /** Commit an input as usual, perform what it asks, kick a tick (the scheduler's). */
  readonly applyAndKick: (
    runId: string,
    input: () => RunInput,
    options: ApplyOptions,
  ) => Promise<void>;
  /** Perform what a commit asked for and kick a tick (the scheduler's). */
  readonly performAndKick: (transaction: Transaction) => void;
}

/**
 * Commit `first` folded with the report of the execution it asks for when it can be
 * (`commitFolded`), else as usual; then perform what follows and kick a tick. The run is read
 * first: a handler never runs again for a run whose cancellation (or anything else) committed
 * since `known`, the run as this process last committed it, just as it would not after the
 * commit of `first` alone. The read is not lost when it does not fold: `first` applies to it.
 */
export const commitWithNext =
  (options: CommitWithNextOptions) =>
  async (runId: string, first: () => RunInput, known?: Run): Promise<void> => {
    const run = await options.store.getRun(runId);
    if (run === null) return;
    const holds: (() => void)[] = [];
    let folded: Transaction | null = null;
    try {
      if (known === undefined || known.version === run.version) {
        const execute: FoldOptions["execute"] = (leased, action) => {
          holds.push(options.hold(leased.id, action.epoch));
          return options.execute(leased, action);
        };
        folded = await commitFolded({ ...options, execute }, run, first());
      }
    } finally {
      for (const release of holds) release();
    }
    if (folded === null) return options.applyAndKick(runId, first, { known: run });
    options.performAndKick(folded);
  };
