import type { EventPayload } from "../codecs/event";
import { SerializedError } from "../codecs/ops";
import type { StepRecord, TimelineEntry, Waiting } from "../codecs/run";
import { CancellationView } from "../views/cancellation-view";

/** An invoke step's result and the timeline line that records it. */
export interface InvokeResult {
  readonly step: StepRecord;
  readonly entry: Omit<TimelineEntry, "at">;
}

/** The message of the error a cancelled child's parent gets (SPEC §2). */
export const INVOKE_CANCELLED_MESSAGE = "Invoked function was cancelled";

/** The failure of an invoke whose child did not finish within the timeout. */
export const INVOKE_TIMEOUT_ERROR: SerializedError = {
  name: "InvokeTimeoutError",
  message: "Timed out waiting for the invoked function to finish",
};

const FAILED: SerializedError = { name: "Error", message: "invoked function failed" };

/** The invoke step failed with `error`: by the child's failure, a refusal or the timeout. */
export const failedInvoke = (
  waiting: Waiting,
  error: SerializedError,
  type: "invoke.failed" | "invoke.timed_out",
  detail: string = error.message,
): InvokeResult => ({
  step: { id: waiting.id, hash: waiting.hash, kind: "invoke", status: "failed", error },
  entry: { type, step: waiting.id, detail },
});

/**
 * The invoke step's result from the child's `inngest/function.finished`: its output when it
 * completed; its error when it failed; when it was cancelled, a non-retriable failure ("Invoked
 * function was cancelled") that keeps the child's cancellation record.
 */
export const finishedInvoke = (waiting: Waiting, finished: EventPayload): InvokeResult => {
  const { data } = finished;
  const child = typeof data.run_id === "string" ? `run ${data.run_id}` : "the invoked run";
  const status = (data._inngest as { status?: unknown } | null | undefined)?.status;
  const base = { id: waiting.id, hash: waiting.hash, kind: "invoke" } as const;
  if (status === "Completed") {
    return {
      step: { ...base, status: "completed", output: data.result ?? null },
      entry: { type: "invoke.completed", step: waiting.id, detail: child },
    };
  }
  if (status === "Cancelled") {
    const view = CancellationView.decode(data.cancellation);
    const record =
      view._tag === "Right"
        ? { childCancellation: { ...view.right, at: Date.parse(view.right.at) } }
        : {};
    const source = view._tag === "Right" ? ` (${view.right.source})` : "";
    return {
      step: {
        ...base,
        status: "failed",
        error: { name: "NonRetriableError", message: INVOKE_CANCELLED_MESSAGE },
        ...record,
      },
      entry: { type: "invoke.cancelled", step: waiting.id, detail: `${child} cancelled${source}` },
    };
  }
  const error = SerializedError.decode(data.error);
  const failure = error._tag === "Right" ? error.right : FAILED;
  return failedInvoke(waiting, failure, "invoke.failed", `${child}: ${failure.message}`);
};
