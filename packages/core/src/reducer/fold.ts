import type { RunWrite } from "../store/port";
import type { RunEffect } from "./effects";
import type { RunAction } from "./to-write";

/** An execution that runs no step's code: only the handler, up to its next op. */
export type PureExecute = Extract<RunEffect, { _tag: "Execute" }> & { readonly allowStep: null };

/**
 * The execution a transition asks for next, when its commit may be folded with that
 * execution's report: the transition writes nothing but the run, its lease and its timer, and
 * asks for exactly one execution that runs no step's code. Null otherwise.
 *
 * Such an execution can run before the commit that asks for it: it starts no step (a step's
 * code runs only in an execution whose `allowStep` names it, after its plan committed), so if
 * the commit then fails nothing durable happened, and the runtime commits the first transition
 * alone and executes again, as without folding. If the commit succeeds, the two transitions
 * landed as one write: no other writer could come between them, which is one of the orders
 * they could have had anyway (SPEC §7: a cancellation that comes first makes the write conflict,
 * and the runtime decides again on the stored run).
 */
export const foldableExecution = (
  write: RunWrite,
  actions: readonly RunAction[],
): PureExecute | null => {
  const [action, ...rest] = actions;
  if (action === undefined || rest.length > 0) return null;
  if (action._tag !== "Execute" || action.allowStep !== null) return null;
  const quiet =
    write.addListeners.length === 0 &&
    write.removeListeners.length === 0 &&
    write.emit.length === 0 &&
    write.enqueueAt === undefined &&
    write.releaseSingleton === undefined;
  return quiet ? { ...action, allowStep: null } : null;
};

/**
 * Two writes of one run, transition after transition, as one: the second's run, listeners and
 * events; the timer, queue and lease as the second left them, or as the first did where the
 * second left them alone. `first` is foldable (`foldableExecution`): it touches no listener,
 * event, queue or singleton slot.
 */
export const foldWrites = (first: RunWrite, second: RunWrite): RunWrite => ({
  ...second,
  timer: second.timer !== undefined ? second.timer : first.timer,
  lease: second.lease !== undefined ? second.lease : first.lease,
});
