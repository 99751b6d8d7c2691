import {
  type Admission,
  admitRun,
  type NewRunInput,
  type Run,
  type RunInput,
  type Store,
} from "@quell/core";
import type { Transaction } from "./transact";

/** Apply one input to a stored run, as the scheduler's transactions do. */
export type Apply = (
  runId: string,
  input: (run: Run) => RunInput | null,
) => Promise<Transaction | null>;

/**
 * Create a run through the core's admission protocol (`admitRun`: its singleton slot, and what
 * a held slot means, SPEC §7.8), carried out on the store: the claim is the store's atomic
 * `createRun`, and cancelling the holder is a transaction like any other cancellation.
 */
export const admit = async (
  store: Store,
  apply: Apply,
  input: NewRunInput,
  stamp = false,
): Promise<Admission> => {
  const protocol = admitRun(input, stamp);
  let step = protocol.next();
  while (step.done !== true) {
    const request = step.value;
    if (request._tag === "CreateRun") {
      const created = await store.createRun(request.write);
      step = protocol.next(created._tag === "Left" ? created.left : null);
      continue;
    }
    const { cancellation } = request;
    await apply(request.runId, () => ({ _tag: "Cancel", at: cancellation.at, cancellation }));
    step = protocol.next(null);
  }
  return step.value;
};
