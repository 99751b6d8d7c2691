import type { EventInput, EventPayload } from "../codecs/event";
import { InvokeMetadata, type InvokeParent } from "../codecs/invoke";
import type { Op } from "../codecs/ops";
import type { Run } from "../codecs/run";
import { FUNCTION_INVOKED } from "../system-events";
import { correlatedStep, correlationId } from "./correlation";

export type InvokeOp = Extract<Op, { op: "InvokeFunction" }>;

/**
 * The event a parent's `step.invoke` emits, in the write that commits the invoke: the child's
 * `data`, plus `_inngest` as the seeds' system writes it (the invoked function's slug, the
 * correlation id, the caller, the timeout as `expire`, the step's name) with Quell's
 * `source_run_id` and `cascade`. A user key `_inngest` in `data` is replaced.
 */
export const invokedEvent = (run: Run, op: InvokeOp, at: number): EventInput => ({
  name: FUNCTION_INVOKED,
  data: {
    ...op.data,
    _inngest: {
      source_app_id: run.appId,
      source_fn_id: run.functionId,
      source_run_id: run.id,
      fn_id: op.functionId,
      correlation_id: correlationId(run.id, op.hash),
      expire: op.timeoutAt,
      name: op.id,
      cascade: op.cascade,
    },
  },
  ts: at,
});

/** The invoke metadata of an `inngest/function.invoked` event, or null for any other event. */
export const invokeMetadata = (
  event: Pick<EventPayload, "name" | "data">,
): InvokeMetadata | null => {
  if (event.name !== FUNCTION_INVOKED) return null;
  const decoded = InvokeMetadata.decode(event.data._inngest);
  return decoded._tag === "Right" ? decoded.right : null;
};

/** The parent of the run an event starts: its invoker, when the event is an invoke. */
export const invokeParentOf = (event: Pick<EventPayload, "name" | "data">): InvokeParent | null => {
  const meta = invokeMetadata(event);
  const stepHash = meta === null ? null : correlatedStep(meta.correlation_id);
  if (meta === null || stepHash === null) return null;
  return { runId: meta.source_run_id, stepHash, cascade: meta.cascade };
};
