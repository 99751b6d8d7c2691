import {
  isStoreUnavailable,
  type QuellFunction,
  type Run,
  type RunAction,
  type RunInput,
  type RunOutcome,
  reduceRun,
  runContext,
  type Store,
  toRunWrite,
} from "@quell/core";
import { leaseFor } from "./leases";

export interface Transaction {
  readonly outcome: RunOutcome;
  readonly run: Run;
  readonly actions: readonly RunAction[];
}

export interface TransactOptions {
  readonly newId: () => string;
  /** How long a lease lasts when a commit extends it (see `leaseFor`). */
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
 * may answer null: nothing to apply (a stale report). Returns null for an unknown run.
 */
export const transact = async (
  store: Store,
  functions: ReadonlyMap<string, QuellFunction>,
  runId: string,
  input: (run: Run) => RunInput | null,
  options: TransactOptions,
): Promise<Transaction | null> => {
  let guess = options.known;
  for (;;) {
    const run = guess ?? (await store.getRun(runId));
    if (run === null) return null;
    const fn = functions.get(run.functionId);
    if (fn === undefined)
      return { outcome: { _tag: "Ignored", reason: "function not registered" }, run, actions: [] };
    const step = input(run);
    const reduction = step === null ? null : reduceRun(run, step, runContext(fn, runId));
    if (step === null || reduction === null || reduction.outcome._tag !== "Applied") {
      if (guess !== undefined) {
        guess = undefined; // decided on a copy that may be old: decide again on the stored run
        continue;
      }
      const outcome: RunOutcome = reduction?.outcome ?? {
        _tag: "Ignored",
        reason: "stale execution",
      };
      return { outcome, run, actions: [] };
    }
    guess = undefined;
    const { write, actions } = toRunWrite(reduction.run, reduction.effects, step.at, options.newId);
    const lease = leaseFor(run.state, reduction.run, actions, step.at, options.leaseMs);
    const committed = await store
      .commitRun({
        ...write,
        lease,
        expectedVersion: run.version,
        // A reported op's listeners (a `step.waitForEvent`) count events from this commit on:
        // the store reads the ingestion position inside the write, so no event falls between.
        stampListenersAtCommit: step._tag === "OpReported",
      })
      .catch((error: unknown) => {
        if (isStoreUnavailable(error))
          options.onUncertain?.({ outcome: reduction.outcome, run: reduction.run, actions });
        throw error;
      });
    if (committed._tag === "Right")
      return { outcome: reduction.outcome, run: reduction.run, actions };
    if (committed.left._tag !== "VersionConflict") return null;
  }
};
