import { transition } from "xstate";
import type { RunState } from "../codecs/run";
import {
  type RunMachineEventType,
  runMachine,
  runMachineEventTypes,
  runStates,
} from "./run-machine";

/** `table[state][event]` is the next state, or undefined when the machine ignores the event. */
export type TransitionTable = Readonly<
  Record<RunState, Readonly<Partial<Record<RunMachineEventType, RunState>>>>
>;

/** Ask XState itself what `event` does in `state`: the reference the table is compiled from. */
export const machineTransition = (
  state: RunState,
  event: RunMachineEventType,
): RunState | undefined => {
  const snapshot = runMachine.resolveState({ value: state });
  if (!snapshot.can({ type: event })) return undefined;
  const [next] = transition(runMachine, snapshot, { type: event });
  return next.value as RunState;
};

/**
 * XState's `transition()` costs ~20 µs a call; runs take one per input on the hot path. The
 * machine is compiled once, at load, into a lookup table (an exhaustive test proves they agree).
 */
const compile = (): TransitionTable => {
  const table = {} as Record<RunState, Partial<Record<RunMachineEventType, RunState>>>;
  for (const state of runStates) {
    const row: Partial<Record<RunMachineEventType, RunState>> = {};
    for (const event of runMachineEventTypes) {
      const next = machineTransition(state, event);
      if (next !== undefined) row[event] = next;
    }
    table[state] = row;
  }
  return table;
};

export const transitionTable: TransitionTable = compile();

/** The next state for `event` in `state`, or undefined when the event does not apply. */
export const nextState = (state: RunState, event: RunMachineEventType): RunState | undefined =>
  transitionTable[state][event];
