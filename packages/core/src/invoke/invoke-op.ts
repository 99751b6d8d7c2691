import type { Run, TimelineEntry } from "../codecs/run";
import type { RunEffect } from "../reducer/effects";
import { type InvokeOp, invokedEvent } from "./invoke-event";
import { invokeWaitListener } from "./invoke-listeners";

/** A running run's transition to `waiting` on its child (the reducer's `Change`). */
export interface InvokeChange {
  readonly event: "WAIT";
  readonly patch: Partial<Run>;
  readonly effects: readonly RunEffect[];
  readonly log: readonly Omit<TimelineEntry, "at">[];
}

/**
 * Commit a `step.invoke`: the run waits, in one write, with its listener for the child's
 * `inngest/function.finished` (indexed on the correlation id), its timeout timer, and the
 * `inngest/function.invoked` event that starts the child appended to the ingestion log. The
 * child therefore exists before any later event is processed, and in particular before the
 * parent's own `function.cancelled`, which is ingested after this write (the cascade's order).
 */
export const invokeChange = (run: Run, op: InvokeOp, at: number, seq: number): InvokeChange => {
  const listener = invokeWaitListener(run, op, seq);
  const detached = op.cascade === "detach" ? " (detached)" : "";
  return {
    event: "WAIT",
    patch: {
      waiting: {
        id: op.id,
        hash: op.hash,
        event: listener.event,
        if: listener.expression,
        kind: "invoke",
      },
      wake: { at: op.timeoutAt, reason: "wait-timeout" },
    },
    effects: [
      { _tag: "AddListener", listener },
      { _tag: "SetTimer", at: op.timeoutAt },
      { _tag: "Emit", event: invokedEvent(run, op, at) },
    ],
    log: [
      {
        type: "invoking",
        step: op.id,
        detail: `${op.functionId} until ${new Date(op.timeoutAt).toISOString()}${detached}`,
      },
    ],
  };
};
