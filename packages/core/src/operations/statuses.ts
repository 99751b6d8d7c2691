import { type Either, left, right } from "fp-ts/lib/Either.js";
import type { RunState, RunStatus } from "../codecs/run";
import { isTerminal, runStates } from "../machine/run-machine";
import type { FieldError } from "./time-field";

/** The states of a run that has not ended: what bulk cancellation and pause act on. */
export const ACTIVE_STATES: readonly RunState[] = runStates.filter((state) => !isTerminal(state));

const states: Record<RunStatus, readonly RunState[]> = {
  Queued: ["queued"],
  Running: ["running", "backoff", "paused"],
  Sleeping: ["sleeping"],
  Waiting: ["waiting"],
  Completed: ["completed"],
  Failed: ["failed"],
  Cancelled: ["cancelled", "cancelling"],
  Skipped: ["skipped"],
};

/** Machine states behind API status names; an unknown name is an error naming it. */
export const statesForStatuses = (statuses: readonly string[]): Either<FieldError, RunState[]> => {
  const found: RunState[] = [];
  for (const status of statuses) {
    const behind = Object.hasOwn(states, status) ? states[status as RunStatus] : undefined;
    if (behind === undefined) {
      return left({
        field: "status",
        message: `unknown status "${status}"; one of ${Object.keys(states).join(", ")}`,
      });
    }
    found.push(...behind);
  }
  return right(found);
};
