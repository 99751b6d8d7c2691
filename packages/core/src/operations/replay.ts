import { type Either, left, right } from "fp-ts/lib/Either.js";
import type { StoredEvent } from "../codecs/event";
import type { Run } from "../codecs/run";
import { isTerminal } from "../machine/run-machine";
import type { NewRunInput } from "../reducer/create-run";
import { RunConflictError } from "../sdk/errors";
import type { AppFunction } from "../sdk/types";
import type { ListRunsFilter } from "../store/port";
import type { ReplayFilter } from "./replay-filter";
import { resolveFunction } from "./resolve-function";
import { statesForStatuses } from "./statuses";
import { type FieldError, optionalTimeField } from "./time-field";

/** What a replay is made from, as the caller read it. */
export interface ReplaySource {
  readonly original: Run;
  /** The original's function, if it is still registered. */
  readonly fn: AppFunction | undefined;
  /** The original's triggering event, if it is still stored. */
  readonly trigger: StoredEvent | null;
}

/**
 * What a replay is created from: a new run with the original's triggering event(s) and
 * `original_run_id` (SPEC §4.6), for `admitRun` (with `stamp`: the store stamps the replay's
 * cancel listeners with its own ingestion position, so only events ingested after the replay
 * exists may cancel it, R3). A replay of a singleton function obeys the slot like any new run.
 * Only an ended run replays; its function and trigger must still be there. `afterSeq` is the
 * position the caller last read, the replay's `createdSeq`.
 */
export const replayInput = (
  { original, fn, trigger }: ReplaySource,
  at: { readonly id: string; readonly now: number; readonly afterSeq: number },
): Either<RunConflictError, NewRunInput> => {
  if (!isTerminal(original.state))
    return left(new RunConflictError(original.id, `run has not ended (it is ${original.state})`));
  if (fn === undefined)
    return left(
      new RunConflictError(original.id, `function ${original.functionId} is not registered`),
    );
  if (trigger === null)
    return left(new RunConflictError(original.id, "its triggering event is no longer stored"));
  return right({
    id: at.id,
    fn,
    trigger,
    events: original.events,
    at: at.now,
    afterSeq: at.afterSeq,
    originalRunId: original.id,
  });
};

/**
 * The runs a bulk replay lists (ended runs of one function, created in a window, with the
 * statuses asked for), or the first field that is wrong. Callers list them newest first, as
 * `listRuns` does, and replay them oldest first, skipping those `replayInput` refuses (a run
 * whose trigger retention deleted): the others still replay.
 */
export const replaySelection = (
  filter: ReplayFilter,
  functions: Iterable<AppFunction>,
): Either<FieldError, Omit<ListRunsFilter, "cursor" | "limit">> => {
  const fn =
    typeof filter?.functionId === "string"
      ? resolveFunction(functions, filter.functionId)
      : undefined;
  if (fn === undefined)
    return left({ field: "functionId", message: `no function "${String(filter?.functionId)}"` });
  const after = optionalTimeField("startedAfter", filter.startedAfter);
  if (after._tag === "Left") return after;
  const before = optionalTimeField("startedBefore", filter.startedBefore);
  if (before._tag === "Left") return before;
  const statuses =
    filter.status === undefined ? ["Cancelled"] : ([] as string[]).concat(filter.status);
  const found = statesForStatuses(statuses);
  if (found._tag === "Left") return found;
  const states = found.right.filter(isTerminal);
  if (states.length === 0)
    return left({
      field: "status",
      message: "must name ended statuses: Completed, Failed, Cancelled or Skipped",
    });
  return right({
    functionId: fn.slug,
    states,
    ...(after.right !== null ? { createdAfter: after.right } : {}),
    ...(before.right !== null ? { createdBefore: before.right } : {}),
  });
};
