import { compileExpression } from "../cel/compile-expression";
import type { BulkCancellation } from "../codecs/bulk-cancellation";
import type { StoredEvent } from "../codecs/event";
import type { Run } from "../codecs/run";
import { correlatedStep } from "../invoke/correlation";
import { invokeMetadata } from "../invoke/invoke-event";
import { waitListenerId } from "../reducer/listener-ids";
import type { QuellFunction } from "../sdk/types";
import { FUNCTION_CANCELLED } from "../system-events";
import type { World } from "../world/world";

// The rules of SPEC §4.2 and §4.5 restated from the function's configuration (and the cascade's
// from the invoke event that started the run), not from the listeners or records the engine
// wrote: the invariants compare what happened with these, so a bug in how listeners are
// written cannot hide itself.

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

/**
 * The run whose cancellation must cancel this one (SPEC §7.9): the invoker named by the event
 * that started it, unless that invoke said `cascade: "detach"`. None for a replay.
 */
export const cascadeParent = (run: Run): string | null => {
  const meta = run.originalRunId === null ? invokeMetadata(run.event) : null;
  return meta?.cascade === "cancel" ? meta.source_run_id : null;
};

/** Whether `event` is the cancellation of the run's cascading parent, ingested after the run. */
export const cascadeCancels = (run: Run, event: StoredEvent): boolean =>
  event.payload.name === FUNCTION_CANCELLED &&
  event.seq > run.createdSeq &&
  cascadeParent(run) !== null &&
  event.payload.data.run_id === cascadeParent(run);

/**
 * Whether `event` is an invoke from the run's waiting `step.invoke` whose function is missing
 * or paused: processing it fails that step at once.
 */
export const invokeRefused = (world: World, run: Run, event: StoredEvent): boolean => {
  const meta = invokeMetadata(event.payload);
  if (meta === null || meta.source_run_id !== run.id || run.waiting?.kind !== "invoke")
    return false;
  if (correlatedStep(meta.correlation_id) !== run.waiting.hash) return false;
  return !world.functions.has(meta.fn_id) || world.paused.has(meta.fn_id);
};
