import { compileExpression } from "../cel/compile-expression";
import { listenerIndex } from "../cel/index-key";
import type { Listener } from "../codecs/listener";
import type { Run } from "../codecs/run";
import { cascadeListenerId, waitListenerId } from "../reducer/listener-ids";
import { FUNCTION_CANCELLED, FUNCTION_FINISHED } from "../system-events";
import { correlationId } from "./correlation";
import type { InvokeOp } from "./invoke-event";

/** A listener keyed on one literal equality: indexed (SPEC R7), so no scan finds it. */
const literalListener = (
  fields: Omit<Listener, "expression" | "index">,
  path: string,
  value: string,
): Listener => {
  const expression = `async.${path} == ${JSON.stringify(value)}`;
  const compiled = compileExpression(expression);
  // Ids and hashes are plain strings: the expression always compiles.
  const index = compiled._tag === "Right" ? listenerIndex(compiled.right, {}) : null;
  return { ...fields, expression, index };
};

/**
 * What a parent waiting on `step.invoke` listens for: the `inngest/function.finished` whose
 * `data.correlation_id` is this invoke's, until the invoke's timeout. Like a wait's, its
 * `afterSeq` is the position of the commit that adds it.
 */
export const invokeWaitListener = (run: Run, op: InvokeOp, afterSeq: number): Listener =>
  literalListener(
    {
      id: waitListenerId(run.id, op.hash),
      runId: run.id,
      functionId: run.functionId,
      kind: "wait",
      event: FUNCTION_FINISHED,
      afterSeq,
      expiresAt: op.timeoutAt,
      stepHash: op.hash,
    },
    "data.correlation_id",
    correlationId(run.id, op.hash),
  );

/**
 * The cascade: an invoked run (not detached) is cancelled by its parent's
 * `inngest/function.cancelled`, written with the run (SPEC R1) and accepting only events
 * ingested after the invoke that created it. Its cancellation has source `parent`.
 */
export const cascadeListener = (run: Run, parentRunId: string, afterSeq: number): Listener =>
  literalListener(
    {
      id: cascadeListenerId(run.id),
      runId: run.id,
      functionId: run.functionId,
      kind: "cascade",
      event: FUNCTION_CANCELLED,
      afterSeq,
      expiresAt: null,
      stepHash: null,
    },
    "data.run_id",
    parentRunId,
  );
