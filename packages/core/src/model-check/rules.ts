import { compileExpression } from "../cel/compile-expression";
import type { BulkCancellation } from "../codecs/bulk-cancellation";
import type { StoredEvent } from "../codecs/event";
import type { Run } from "../codecs/run";
import { waitListenerId } from "../reducer/listener-ids";
import type { QuellFunction } from "../sdk/types";
import type { World } from "../world/world";

// The rules of SPEC §4.2 and §4.5 restated from the function's configuration, not from the
// listeners or records the engine wrote: the invariants compare what happened with these, so a
// bug in how listeners are written cannot hide itself.

/** Whether `event` satisfies one of the run's cancelOn rules (R2–R4). */
export const cancelRuleMatches = (fn: QuellFunction, run: Run, event: StoredEvent): boolean =>
  event.seq > run.createdSeq &&
  fn.cancelOn.some((rule) => {
    if (rule.event !== event.payload.name) return false;
    if (rule.timeout !== null) {
      const expiresAt =
        rule.timeout.kind === "relative" ? run.createdAt + rule.timeout.ms : rule.timeout.at;
      if (event.receivedAt > expiresAt) return false;
    }
    return (
      rule.expression === null || rule.expression.test({ event: run.event, async: event.payload })
    );
  });

/** Whether `event` may resolve the run's `waitForEvent`: the awaited name, after the wait began, in time, matching. */
export const waitResolves = (world: World, run: Run, event: StoredEvent): boolean => {
  const { waiting } = run;
  if (run.state !== "waiting" || waiting === null || waiting.event !== event.payload.name)
    return false;
  const listener = world.listeners.get(waitListenerId(run.id, waiting.hash));
  if (listener === undefined || event.seq <= listener.afterSeq) return false;
  if (run.wake !== null && event.receivedAt > run.wake.at) return false;
  if (waiting.if === null) return true;
  const compiled = compileExpression(waiting.if);
  return (
    compiled._tag === "Right" && compiled.right.test({ event: run.event, async: event.payload })
  );
};

/** Whether a bulk cancellation's request selects the run: its function, the creation window, `if`. */
export const bulkFilterSelects = (record: BulkCancellation, run: Run): boolean => {
  if (run.functionId !== record.function_id || run.createdAt > record.started_before) return false;
  if (record.started_after !== null && run.createdAt < record.started_after) return false;
  if (record.if === null) return true;
  const compiled = compileExpression(record.if, "event");
  return compiled._tag === "Right" && compiled.right.test({ event: run.event });
};
