import { compileExpression } from "../cel/compile-expression";
import { eventIndexKey } from "../cel/index-key";
import type { EventPayload, StoredEvent } from "../codecs/event";
import type { Listener } from "../codecs/listener";
import type { FunctionTrigger } from "../config/triggers";
import { cronTickTarget, SCHEDULED_TIMER } from "../cron/cron-ticks";
import { invokedFunctions } from "../invoke/invoke-routing";
import type { AppFunction } from "../sdk/types";
import { FUNCTION_INVOKED } from "../system-events";

/**
 * Whether `incoming` may cancel or resume through `listener` (SPEC R2–R4): the right name,
 * ingested after the listener's run (or wait) began, not after its timeout, and satisfying the
 * expression with `event` = the run's trigger and `async` = the incoming event.
 */
export const listenerAccepts = (
  listener: Listener,
  trigger: EventPayload,
  incoming: StoredEvent,
): boolean => {
  if (incoming.payload.name !== listener.event) return false;
  if (incoming.seq <= listener.afterSeq) return false;
  if (listener.expiresAt !== null && incoming.receivedAt > listener.expiresAt) return false;
  if (listener.expression === null) return true;
  const compiled = compileExpression(listener.expression);
  return (
    compiled._tag === "Right" && compiled.right.test({ event: trigger, async: incoming.payload })
  );
};

/** The incoming event's index key for a listener signature, for `Store.findListeners`. */
export const indexKeyOf =
  (incoming: EventPayload) =>
  (signature: string): string | null =>
    eventIndexKey(signature, incoming);

/**
 * Whether one of a function's triggers starts a run for `event`: an event trigger of the same
 * name whose `if` (if any) holds, or, for an `inngest/scheduled.timer` tick, a cron trigger of
 * the one function the tick's id names (`cronTickTarget`).
 */
export const isTriggeredBy = (
  fn: { readonly slug: string; readonly triggers: readonly FunctionTrigger[] },
  event: EventPayload,
): boolean => {
  if (event.name === SCHEDULED_TIMER) {
    return cronTickTarget(event.id) === fn.slug && fn.triggers.some((t) => t._tag === "Cron");
  }
  return fn.triggers.some(
    (t) => t._tag === "Event" && t.event === event.name && (t.if === null || t.if.test({ event })),
  );
};

/**
 * Functions an event triggers, each once: a function whose several triggers match the same
 * event still gets one run for it. An `inngest/function.invoked` event starts only the function
 * it names (`invokedFunctions`): pass every function for it, not the ones triggered by its name.
 */
export const functionsTriggeredBy = <F extends AppFunction>(
  functions: readonly F[],
  event: EventPayload,
): readonly F[] =>
  event.name === FUNCTION_INVOKED
    ? invokedFunctions(functions, event)
    : functions.filter((fn) => isTriggeredBy(fn, event));

/**
 * The order an event's listeners are applied in: cancellations (cancelOn, cascade) first, so one
 * event that matches both a run's cancelOn and its waitForEvent cancels it rather than resuming it.
 */
export const cancelFirst = (a: Listener, b: Listener): number =>
  (a.kind === "wait" ? 1 : 0) - (b.kind === "wait" ? 1 : 0);
