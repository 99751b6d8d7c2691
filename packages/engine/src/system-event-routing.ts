import {
  type EngineFunction,
  FUNCTION_CANCELLED,
  hasInvoked,
  type Run,
  type RunWrite,
} from "@quell/core";
import { triggersNoFunction } from "./event-processor";

const cancelOnNames = new WeakMap<ReadonlyMap<string, EngineFunction>, ReadonlySet<string>>();

/** The event names some function's `cancelOn` names, once per functions map. */
const cancelledOn = (functions: ReadonlyMap<string, EngineFunction>): ReadonlySet<string> => {
  const cached = cancelOnNames.get(functions);
  if (cached !== undefined) return cached;
  const names = new Set<string>();
  for (const fn of functions.values()) for (const rule of fn.cancelOn) names.add(rule.event);
  cancelOnNames.set(functions, names);
  return names;
};

/**
 * Whether an event of this name can be stored already processed when no listener for it is
 * stored yet (`IngestRequest.onlyForListeners`): no function is triggered by it, and no listener
 * made later is owed it. A listener made later than an event but older than it is one a run
 * gets at its creation from a trigger still pending, whose position it takes: a `cancelOn`
 * rule's (so no function may cancel on the name). An invoked child's listener on its parent's
 * `inngest/function.cancelled` is such a listener too: the caller says whether the event may be
 * owed to one (`cascades`). A wait's listener is stamped at its commit and sees only later
 * events.
 */
export const storableProcessed = (
  functions: ReadonlyMap<string, EngineFunction>,
  name: string,
  cascades: boolean,
): boolean =>
  !(cascades && name === FUNCTION_CANCELLED) &&
  triggersNoFunction(functions, name) &&
  !cancelledOn(functions).has(name);

/**
 * A write whose system events no run can consume skip the event pipeline unless some listener
 * waits for their name (the store decides that inside the write). `before`: the run as it was
 * before the write; a run that invoked functions may have a child still to be created, whose
 * cascade listener is owed the run's `function.cancelled` (its invoke event may still be
 * pending when the parent is cancelled).
 */
export const withSystemEventRouting = (
  functions: ReadonlyMap<string, EngineFunction>,
  write: RunWrite,
  before: Run,
): RunWrite => {
  // Most commits emit nothing; only a `function.cancelled` asks whether the run invoked.
  if (write.emit.length === 0) return write;
  const cascades = (name: string): boolean =>
    name === FUNCTION_CANCELLED && (hasInvoked(before) || hasInvoked(write.run));
  return {
    ...write,
    emit: write.emit.map((request) => {
      const { name } = request.payload;
      return storableProcessed(functions, name, cascades(name))
        ? { ...request, onlyForListeners: true }
        : request;
    }),
  };
};
