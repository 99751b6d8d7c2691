import type { Run, TimelineEntry } from "../codecs/run";
import type { RunEffect } from "./effects";

const iso = (ms: number): string => new Date(ms).toISOString();

/** An input the reducer refuses with an answer for the caller (e.g. HTTP 409). */
export interface Reject {
  readonly _tag: "Rejected";
  readonly reason: string;
}

/**
 * `Reschedule`: a sleeping run's wake-up moves to `until` (the timer follows, `runTimer`); a
 * time already past wakes it at the next timer check. Any other state is refused (HTTP 409):
 * only a sleep has a wake-up a user chose. The timeline keeps the old and the new time.
 */
export const decideReschedule = (
  run: Run,
  until: number,
):
  | Reject
  | {
      readonly event: "RESCHEDULE";
      readonly patch: Partial<Run>;
      readonly effects: readonly RunEffect[];
      readonly log: readonly Omit<TimelineEntry, "at">[];
    } => {
  if (run.state !== "sleeping" || run.wake === null) {
    return { _tag: "Rejected", reason: `run is ${run.state}, not sleeping` };
  }
  return {
    event: "RESCHEDULE",
    patch: { wake: { at: until, reason: run.wake.reason } },
    effects: [],
    log: [
      {
        type: "rescheduled",
        ...(run.inFlight === null ? {} : { step: run.inFlight.id }),
        detail: `from ${iso(run.wake.at)} to ${iso(until)}`,
      },
    ],
  };
};
