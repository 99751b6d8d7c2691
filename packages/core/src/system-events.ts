import type { EventInput } from "./codecs/event";
import type { Json, JsonObject } from "./codecs/json";
import type { Run } from "./codecs/run";
import { correlationId, hasInvoked } from "./invoke/correlation";
import { toCancellationView } from "./views/cancellation-view";

export const FUNCTION_CANCELLED = "inngest/function.cancelled";
export const FUNCTION_FINISHED = "inngest/function.finished";
export const FUNCTION_FAILED = "inngest/function.failed";
/** The event that starts a run of the function `step.invoke` names (`data._inngest.fn_id`). */
export const FUNCTION_INVOKED = "inngest/function.invoked";

const CANCELLED_ERROR = {
  error: "function cancelled",
  message: "function cancelled",
  name: "Error",
};

const common = (run: Run): JsonObject => ({
  event: run.event as unknown as Json,
  events: run.events as unknown as Json,
  function_id: run.functionId,
  run_id: run.id,
});

const statusName = { completed: "Completed", failed: "Failed", cancelled: "Cancelled" } as const;

/**
 * System events a settled run emits (SPEC §4.4): `function.cancelled` exactly once for a
 * cancelled run, `function.failed` for a failed one, `function.finished` for every terminal run.
 * A run never emits the event that triggered it (a function on `inngest/function.finished` would
 * otherwise trigger itself forever), except `function.cancelled` from a run that invoked
 * functions: that event is how the cancellation reaches its children (docs/cancellation.md).
 * A child's `function.finished` carries the invoke's `correlation_id` and, when it was
 * cancelled, its cancellation record: what the parent's `step.invoke` waits for.
 */
export const systemEventsFor = (
  run: Run,
  at: number,
  /** Whether it invoked functions (its `waiting` may already be cleared by the end). */
  invoked: boolean = hasInvoked(run),
): readonly EventInput[] => {
  const events: EventInput[] = [];
  const base = common(run);
  // The record as the API shows it (`at` an ISO time), so a cleanup function reads the same
  // fields from the event as from `GET /v1/runs/:id` (docs/cancellation.md).
  const cancellation =
    run.cancellation === null ? null : (toCancellationView(run.cancellation) as unknown as Json);
  if (run.state === "cancelled" && cancellation !== null) {
    events.push({
      name: FUNCTION_CANCELLED,
      data: { error: CANCELLED_ERROR, ...base, cancellation },
      ts: at,
    });
  }
  if (run.state === "failed") {
    const error = (run.error ?? { name: "Error", message: "failed" }) as unknown as Json;
    events.push({ name: FUNCTION_FAILED, data: { error, ...base }, ts: at });
  }
  if (run.state === "completed" || run.state === "failed" || run.state === "cancelled") {
    const outcome: JsonObject =
      run.state === "completed"
        ? { result: run.output ?? null }
        : run.state === "failed"
          ? { error: (run.error ?? null) as unknown as Json }
          : { error: CANCELLED_ERROR, cancellation };
    const correlation =
      run.parent === null
        ? {}
        : { correlation_id: correlationId(run.parent.runId, run.parent.stepHash) };
    events.push({
      name: FUNCTION_FINISHED,
      data: { _inngest: { status: statusName[run.state] }, ...base, ...correlation, ...outcome },
      ts: at,
    });
  }
  const cascades = run.state === "cancelled" && invoked;
  return events.filter(
    (event) => event.name !== run.event.name || (cascades && event.name === FUNCTION_CANCELLED),
  );
};
