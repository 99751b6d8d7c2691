import type { Run, TimelineEntry } from "../codecs/run";
import type { RunMachineEventType } from "../machine/run-machine";
import type { RunEffect } from "./effects";
import type { Reject } from "./reschedule";

/**
 * An input that changes nothing. `effects`: what is performed anyway, without a write (only a
 * claim's `ReleaseLease`); `stale`: a report from an execution whose lease was taken over.
 */
export interface Ignore {
  readonly _tag: "Ignored";
  readonly reason: string;
  readonly effects?: readonly RunEffect[];
  readonly stale?: true;
}

/** Everything a transition decides, before the machine confirms the state change. */
export interface Change {
  readonly event: RunMachineEventType;
  readonly patch: Partial<Run>;
  readonly effects: readonly RunEffect[];
  readonly log: readonly Omit<TimelineEntry, "at">[];
}

/** What the reducer decides for one input, before the machine confirms the state change. */
export type Decision = Change | Ignore | Reject;

/** Run the handler next, under the run's current lease epoch. */
export const execute = (run: Run, allowStep: string | null): RunEffect => ({
  _tag: "Execute",
  allowStep,
  epoch: run.leaseEpoch,
});
