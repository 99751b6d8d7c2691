import {
  type EngineFunction,
  isStoreUnavailable,
  type Run,
  type RunAction,
  type RunInput,
  type RunOutcome,
  reduceRun,
  runContext,
  type Store,
  toRunWrite,
  unwrittenActions,
} from "@quell/core";
import { withSystemEventRouting } from "./system-event-routing";

export interface Transaction {
  readonly outcome: RunOutcome;
  readonly run: Run;
  readonly actions: readonly RunAction[];
  /**
   * The lease expiry the commit wrote (the reducer's `HoldLease`), when it took one: until then
   * no other process can take the run over.
   */
  readonly leaseUntil?: number | undefined;
}

export interface TransactOptions {
  readonly newId: () => string;
  /** How long a lease lasts when a commit holds it (the reducer's `HoldLease`). */
  readonly leaseMs: number;
  /**
   * The run as this process last committed it. It is tried first, which saves a read when
   * nobody wrote since; a conflict, or an input it would not apply, falls back to a fresh read.
   */
  readonly known?: Run | undefined;
  /**
   * Told about a commit that was sent but failed as unavailable: it may have landed (only its
   * answer was lost), in which case the run is now this transaction's, and nobody will perform
   * what it asked for unless the caller finds out.
   */
  readonly onUncertain?: (transaction: Transaction) => void;
}

/**
 * Apply one input to a stored run: read, reduce, commit with optimistic concurrency, and retry
 * from a fresh read when another writer got there first. `input` sees the run it applies to and
 * may answer null: nothing to apply. Returns null for an unknown run. An input the reducer
 * ignores commits nothing; what it asks for anyway (a claim's `ReleaseLease`) comes back as
 * actions.
 */
export const transact = async (
  store: Store,
  functions: ReadonlyMap<string, EngineFunction>,
  runId: string,
  input: (run: Run) => RunInput | null,
  options: TransactOptions,
): Promise<Transaction | null> => {
  let guess = options.known;
  for (;;) {
    const run = guess ?? (await store.getRun(runId));
    if (run === null) return null;
    const ctx = runContext(functions.get(run.functionId), run, options.leaseMs);
    if (ctx === null)
      return { outcome: { _tag: "Ignored", reason: "function not registered" }, run, actions: [] };
    const step = input(run);
    const reduction = step === null ? null : reduceRun(run, step, ctx);
    if (step === null || reduction === null || reduction.outcome._tag !== "Applied") {
      if (guess !== undefined) {
        guess = undefined; // decided on a copy that may be old: decide again on the stored run
        continue;
      }
      if (reduction === null) {
        return { outcome: { _tag: "Ignored", reason: "nothing to apply" }, run, actions: [] };
      }
      return { outcome: reduction.outcome, run, actions: unwrittenActions(reduction.effects) };
    }
    guess = undefined;
    const { write, actions } = toRunWrite(reduction.run, reduction.effects, step.at, options.newId);
    const committed = await store
      .commitRun({
        ...withSystemEventRouting(functions, write, run),
        expectedVersion: run.version,
        expectedState: run.state,
        // A reported op's listeners (a `step.waitForEvent`) count events from this commit on:
        // the store reads the ingestion position inside the write, so no event falls between.
        stampListenersAtCommit: step._tag === "OpReported",
      })
      .catch((error: unknown) => {
        if (isStoreUnavailable(error))
          options.onUncertain?.({
            outcome: reduction.outcome,
            run: reduction.run,
            actions,
            leaseUntil: write.lease ?? undefined,
          });
        throw error;
      });
    if (committed._tag === "Right")
      return { outcome: reduction.outcome, run: reduction.run, actions };
    if (committed.left._tag !== "VersionConflict") return null;
  }
};
