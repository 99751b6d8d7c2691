import { compileExpression } from "../cel/compile-expression";
import { listenerIndex } from "../cel/index-key";
import type { Listener } from "../codecs/listener";
import type { Op } from "../codecs/ops";
import type { Run } from "../codecs/run";
import { waitListenerId } from "./listener-ids";

type WaitOp = Extract<Op, { op: "WaitForEvent" }>;

/**
 * The listener a `step.waitForEvent` registers. Only events ingested after the wait began can
 * resolve it: `afterSeq` is the ingestion position when the wait commits.
 * The expression was validated by the step tool before the op was reported.
 */
export const waitListener = (run: Run, op: WaitOp, afterSeq: number): Listener => {
  const compiled = op.if === null ? null : compileExpression(op.if);
  const expr = compiled !== null && compiled._tag === "Right" ? compiled.right : null;
  return {
    id: waitListenerId(run.id, op.hash),
    runId: run.id,
    functionId: run.functionId,
    kind: "wait",
    event: op.event,
    expression: op.if,
    index: expr === null ? null : listenerIndex(expr, run.event),
    afterSeq,
    expiresAt: op.timeoutAt,
    stepHash: op.hash,
  };
};
