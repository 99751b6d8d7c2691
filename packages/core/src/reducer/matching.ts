import { compileExpression } from "../cel/compile-expression";
import { eventIndexKey } from "../cel/index-key";
import type { EventPayload, StoredEvent } from "../codecs/event";
import type { Listener } from "../codecs/listener";
import type { AppFunction } from "../sdk/types";

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

/** Functions an event triggers: same name and, when the trigger has `if`, satisfying it. */
export const functionsTriggeredBy = <F extends AppFunction>(
  functions: readonly F[],
  event: EventPayload,
): readonly F[] =>
  functions.filter(
    (fn) =>
      fn.trigger.event === event.name && (fn.trigger.if === null || fn.trigger.if.test({ event })),
  );

/**
 * The order an event's listeners are applied in: cancellations first, so one event that matches
 * both a run's cancelOn and its waitForEvent cancels it rather than resuming it.
 */
export const cancelFirst = (a: Listener, b: Listener): number =>
  a.kind === b.kind ? 0 : a.kind === "cancel" ? -1 : 1;
