import type { EventInput } from "./codecs/event";
import type { Json, JsonObject } from "./codecs/json";
import type { Run } from "./codecs/run";
import { toCancellationView } from "./views/cancellation-view";

export const FUNCTION_CANCELLED = "inngest/function.cancelled";
export const FUNCTION_FINISHED = "inngest/function.finished";
export const FUNCTION_FAILED = "inngest/function.failed";

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
 * otherwise trigger itself forever).
 */
export const systemEventsFor = (run: Run, at: number): readonly EventInput[] => {
  const events: EventInput[] = [];
  const base = common(run);
  if (run.state === "cancelled" && run.cancellation !== null) {
    events.push({
      name: FUNCTION_CANCELLED,
      // The record as the API shows it (`at` an ISO time), so a cleanup function reads the same
      // fields from the event as from `GET /v1/runs/:id` (docs/cancellation.md).
      data: {
        error: CANCELLED_ERROR,
        ...base,
        cancellation: toCancellationView(run.cancellation) as unknown as Json,
      },
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
          : { error: CANCELLED_ERROR };
    events.push({
      name: FUNCTION_FINISHED,
      data: { _inngest: { status: statusName[run.state] }, ...base, ...outcome },
      ts: at,
    });
  }
  return events.filter((event) => event.name !== run.event.name);
};
