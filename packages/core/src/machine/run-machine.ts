import { setup } from "xstate";
import type { RunState } from "../codecs/run";

/**
 * Inputs of the run machine. Guards are folded into the event type (for example
 * `STEP_ERROR_RETRY` versus `STEP_ERROR_FINAL`): the reducer decides which one applies from
 * the run's data, so the machine stays a plain state graph that compiles into a table.
 */
export type RunMachineEventType =
  | "START" // an execution is claimed from the queue
  | "STEP_PLANNED" // the handler reached a new step; committing this starts it
  | "STEP_RESULT" // the in-flight step committed its output
  | "STEP_SETTLED" // one of several parallel steps settled; others are still in flight
  | "STEP_ERROR_RETRY" // the in-flight step failed and will be retried after a backoff
  | "STEP_ERROR_FINAL" // the in-flight step failed for good; the handler sees the error
  | "SLEEP"
  | "WAIT"
  | "COMPLETE"
  | "RUN_ERROR_RETRY"
  | "RUN_ERROR_FINAL"
  | "WAKE" // a sleep, backoff or wait timeout is due
  | "EVENT_MATCHED" // a waitForEvent listener matched
  | "CANCEL" // cancellation committed while no step is in flight
  | "CANCEL_IN_FLIGHT" // cancellation committed while a step is in flight
  | "LEASE_EXPIRED" // the worker holding the execution vanished
  | "PAUSE" // its function is paused: stop at this step boundary
  | "RESUME" // its function was resumed
  | "RESCHEDULE"; // a sleeping run's wake-up time moves

export const runMachineEventTypes: readonly RunMachineEventType[] = [
  "START",
  "STEP_PLANNED",
  "STEP_RESULT",
  "STEP_SETTLED",
  "STEP_ERROR_RETRY",
  "STEP_ERROR_FINAL",
  "SLEEP",
  "WAIT",
  "COMPLETE",
  "RUN_ERROR_RETRY",
  "RUN_ERROR_FINAL",
  "WAKE",
  "EVENT_MATCHED",
  "CANCEL",
  "CANCEL_IN_FLIGHT",
  "LEASE_EXPIRED",
  "PAUSE",
  "RESUME",
  "RESCHEDULE",
];

export const runStates: readonly RunState[] = [
  "queued",
  "running",
  "sleeping",
  "waiting",
  "backoff",
  "paused",
  "cancelling",
  "completed",
  "failed",
  "cancelled",
  "skipped",
];

/** The single source of truth for a run's lifecycle (SPEC §3). Pure: no actions, no delays. */
export const runMachine = setup({
  types: { events: {} as { type: RunMachineEventType } },
}).createMachine({
  id: "run",
  initial: "queued",
  states: {
    queued: { on: { START: "running", CANCEL: "cancelled", PAUSE: "paused" } },
    running: {
      on: {
        STEP_PLANNED: "running",
        STEP_RESULT: "running",
        STEP_SETTLED: "running",
        STEP_ERROR_RETRY: "backoff",
        STEP_ERROR_FINAL: "running",
        SLEEP: "sleeping",
        WAIT: "waiting",
        COMPLETE: "completed",
        RUN_ERROR_RETRY: "backoff",
        RUN_ERROR_FINAL: "failed",
        CANCEL: "cancelled",
        CANCEL_IN_FLIGHT: "cancelling",
        LEASE_EXPIRED: "queued",
        PAUSE: "paused",
      },
    },
    paused: { on: { RESUME: "queued", CANCEL: "cancelled" } },
    sleeping: { on: { WAKE: "queued", CANCEL: "cancelled", RESCHEDULE: "sleeping" } },
    waiting: { on: { WAKE: "queued", EVENT_MATCHED: "queued", CANCEL: "cancelled" } },
    backoff: { on: { WAKE: "queued", CANCEL: "cancelled" } },
    // The in-flight step runs to completion; whatever it reports, the run ends cancelled. There is
    // no retry edge: after cancellation a failing step is final (SPEC R8).
    cancelling: {
      on: {
        STEP_RESULT: "cancelled",
        STEP_SETTLED: "cancelling",
        STEP_ERROR_FINAL: "cancelled",
        LEASE_EXPIRED: "cancelled",
      },
    },
    completed: { type: "final" },
    failed: { type: "final" },
    cancelled: { type: "final" },
    // Created while its function was paused: never runs (the machine starts it here directly).
    skipped: { type: "final" },
  },
});

export type TerminalState = "completed" | "failed" | "cancelled" | "skipped";

export const terminalStates: ReadonlySet<RunState> = new Set<TerminalState>([
  "completed",
  "failed",
  "cancelled",
  "skipped",
]);

export const isTerminal = (state: RunState): state is TerminalState => terminalStates.has(state);
