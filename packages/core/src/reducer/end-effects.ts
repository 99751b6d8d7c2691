import type { Run, RunState } from "../codecs/run";
import { hasInvoked } from "../invoke/correlation";
import { isTerminal } from "../machine/run-machine";
import { systemEventsFor } from "../system-events";
import type { RunContext, RunEffect } from "./effects";
import { cascadeListenerId, waitListenerId } from "./listener-ids";

/**
 * What every transition into `cancelling` or a terminal state also does: remove the run's
 * listeners (cancelOn, a wait's, the cascade from its parent) in the same write and drop its
 * wake-up and deadline, so its timer goes too (nothing can match or wake it again), record the
 * end, let go of its singleton slot (SPEC §7.8: a `cancelling` run starts nothing more, so a new
 * run of the slot may start), and emit the system events of a settled run (SPEC §4.4). A
 * `cancelling` run has not settled: it emits nothing until its in-flight step reports.
 */
export const endEffects = (
  run: Run,
  to: RunState,
  at: number,
  ctx: RunContext,
): { readonly run: Run; readonly effects: readonly RunEffect[] } => {
  if (to !== "cancelling" && !isTerminal(to)) return { run, effects: [] };
  const ids = [...ctx.cancelListenerIds];
  if (run.waiting !== null) ids.push(waitListenerId(run.id, run.waiting.hash));
  if (run.parent?.cascade === "cancel") ids.push(cascadeListenerId(run.id));
  const ended: Run = {
    ...run,
    waiting: null,
    wake: null,
    singleton: null,
    deadline: null,
    ...(isTerminal(to)
      ? { endedAt: at, inFlight: null, timeline: run.timeline.concat({ at, type: to }) }
      : {}),
  };
  const effects: RunEffect[] = [{ _tag: "RemoveListeners", ids }];
  if (run.singleton !== null) effects.push({ _tag: "ReleaseSingleton", slot: run.singleton.slot });
  if (isTerminal(to)) {
    for (const event of systemEventsFor(ended, at, hasInvoked(run)))
      effects.push({ _tag: "Emit", event });
  }
  return { run: ended, effects };
};
