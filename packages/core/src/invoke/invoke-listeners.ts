import { compileExpression } from "../cel/compile-expression";
import { listenerIndex } from "../cel/index-key";
import type { Listener } from "../codecs/listener";
import type { Run } from "../codecs/run";
import { cascadeListenerId, waitListenerId } from "../reducer/listener-ids";
import { FUNCTION_CANCELLED, FUNCTION_FINISHED } from "../system-events";
import { correlationId } from "./correlation";
import type { InvokeOp } from "./invoke-event";

/**
 * A listener whose expression is one equality, indexed (SPEC R7): found by a lookup, not a scan.
 * `trigger` is the run's triggering event, which `event.*` paths read.
 */
const indexedListener = (
  fields: Omit<Listener, "expression" | "index">,
  expression: string,
  trigger: unknown,
): Listener => {
  const compiled = compileExpression(expression);
  // Built here from ids and hashes (plain strings): the expression always compiles.
  const index = compiled._tag === "Right" ? listenerIndex(compiled.right, trigger) : null;
  return { ...fields, expression, index };
};

/**
 * The cascade's expression, the same for every invoked run (compiled once): the parent's
 * `function.cancelled` names the run its invoke event says started this one.
 */
const CASCADE_EXPRESSION = "async.data.run_id == event.data._inngest.source_run_id";

/**
 * What a parent waiting on `step.invoke` listens for: the `inngest/function.finished` whose
 * `data.correlation_id` is this invoke's, until the invoke's timeout. Like a wait's, its
 * `afterSeq` is the position of the commit that adds it.
 */
export const invokeWaitListener = (run: Run, op: InvokeOp, afterSeq: number): Listener =>
  indexedListener(
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
    `async.data.correlation_id == ${JSON.stringify(correlationId(run.id, op.hash))}`,
    run.event,
  );

/**
 * The cascade: an invoked run (not detached) is cancelled by its parent's
 * `inngest/function.cancelled`, written with the run (SPEC R1) and accepting only events
 * ingested after the invoke that created it. Its cancellation has source `parent`. Its index
 * key is the parent's run id, read from the run's triggering (invoke) event.
 */
export const cascadeListener = (run: Run, afterSeq: number): Listener =>
  indexedListener(
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
    CASCADE_EXPRESSION,
    run.event,
  );
