import { isDeepStrictEqual } from "node:util";
import type { Run, Store } from "@quell/core";
import type { Transaction } from "./transact";

// Compare runs as stored: JSON drops undefined fields, and key order does not matter.
const stored = (run: Run): unknown => JSON.parse(JSON.stringify(run));

/**
 * Whether a commit whose answer was lost landed: the run as stored now is exactly the run that
 * commit wrote (same version, same timeline to the millisecond). A retry of the same input
 * commits a different run (its time differs), and another writer's commit does too, so a run
 * that matches can only be that commit's. Returns the stored run when it landed, else null.
 *
 * A lost answer is common when Redis is killed with `appendfsync always`: the commands of its
 * last event-loop turn are already written to the append-only file, the replies not yet sent.
 */
export const landed = async (store: Store, transaction: Transaction): Promise<Run | null> => {
  const run = await store.getRun(transaction.run.id);
  return run !== null && isDeepStrictEqual(stored(run), stored(transaction.run)) ? run : null;
};
