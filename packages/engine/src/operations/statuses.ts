import { QuellValidationError, type RunState, type RunStatus } from "@quell/core";

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

/** Machine states behind API status names; an unknown name is a validation error naming it. */
export const statesFor = (statuses: readonly string[]): RunState[] =>
  statuses.flatMap((status) => {
    const found = states[status as RunStatus];
    if (found === undefined) {
      throw new QuellValidationError(
        "status",
        `unknown status "${status}"; one of ${Object.keys(states).join(", ")}`,
      );
    }
    return found;
  });
