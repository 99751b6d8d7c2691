import {
  type QuellFunction,
  type Run,
  type RunAction,
  type RunInput,
  type RunOutcome,
  type Store,
  reduceRun,
  runContext,
  toRunWrite,
} from "@quell/core";

export interface Transaction {
  readonly outcome: RunOutcome;
  readonly run: Run;
  readonly actions: readonly RunAction[];
}

/**
 * Apply one input to a stored run: read, reduce, commit with optimistic concurrency, and retry
 * from a fresh read when another writer got there first. Returns null for an unknown run.
 */
export const transact = async (
  store: Store,
  functions: ReadonlyMap<string, QuellFunction>,
  runId: string,
  input: (run: Run) => RunInput,
  newId: () => string,
): Promise<Transaction | null> => {
  for (;;) {
    const run = await store.getRun(runId);
    if (run === null) return null;
    const fn = functions.get(run.functionId);
    if (fn === undefined) return { outcome: { _tag: "Ignored", reason: "function not registered" }, run, actions: [] };
    const step = input(run);
    const reduction = reduceRun(run, step, runContext(fn, runId));
    if (reduction.outcome._tag !== "Applied") return { outcome: reduction.outcome, run, actions: [] };
    const { write, actions } = toRunWrite(reduction.run, reduction.effects, step.at, newId);
    const committed = await store.commitRun({ ...write, expectedVersion: run.version });
    if (committed._tag === "Right") return { outcome: reduction.outcome, run: reduction.run, actions };
    if (committed.left._tag !== "VersionConflict") return null;
  }
};
