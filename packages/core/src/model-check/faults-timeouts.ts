import type { Run } from "../codecs/run";
import { emittedEvent } from "../reducer/to-write";
import { ingest } from "../store/reference/events";
import { systemEventsFor } from "../system-events";
import type { Fault } from "./semantics";

// Realistic bugs of function timeouts and rescheduling (see ./faults.ts), for the explorer's tests.

/** A timeout that ends the run at once, as if no step were in flight (no `cancelling`). */
export const timeoutSkipsInFlightStep: Fault = {
  name: "timeout-skips-in-flight-step",
  description:
    "a timeout cancels the run outright (function.cancelled emitted) without waiting for its step in flight",
  apply: (base) => ({
    ...base,
    fireTimer: (world, runId, newId) => {
      const actions = base.fireTimer(world, runId, newId);
      const run = world.runs.get(runId);
      if (run?.state !== "cancelling" || run.cancellation?.source !== "timeout") return actions;
      const ended: Run = {
        ...run,
        state: "cancelled",
        endedAt: world.now,
        inFlight: null,
        version: run.version + 1,
        timeline: [...run.timeline, { at: world.now, type: "cancelled" }],
      };
      world.runs.set(runId, ended);
      const events = systemEventsFor(ended, world.now);
      ingest(
        world,
        events.map((event) => emittedEvent(event, newId(), world.now)),
      );
      return actions;
    },
  }),
};

/** The end of a sleep clears the run's timer by hand, forgetting the deadline it also held. */
export const wakeClearsDeadline: Fault = {
  name: "wake-clears-deadline",
  description: "when a sleep ends, its timer is cleared, and the run's finish deadline with it",
  apply: (base) => ({
    ...base,
    fireTimer: (world, runId, newId) => {
      const asleep = world.runs.get(runId)?.state === "sleeping";
      const actions = base.fireTimer(world, runId, newId);
      if (asleep && world.runs.get(runId)?.state === "queued") world.timers.delete(runId);
      return actions;
    },
  }),
};

/** A reschedule that moves the run's wake-up but leaves the timer where it was. */
export const rescheduleKeepsOldTimer: Fault = {
  name: "reschedule-keeps-old-timer",
  description: "rescheduleRun moves the run's wake-up but the store keeps the old timer",
  apply: (base) => ({
    ...base,
    reschedule: (world, runId, until, newId) => {
      const old = world.timers.get(runId);
      const result = base.reschedule(world, runId, until, newId);
      if (result?.outcome._tag === "Applied" && old !== undefined) world.timers.set(runId, old);
      return result;
    },
  }),
};
