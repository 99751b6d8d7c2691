import type { Cancellation } from "../codecs/cancellation";
import type { Deadline } from "../codecs/deadline";
import type { Run } from "../codecs/run";
import type { FunctionTimeouts } from "../config/timeouts";
import type { RunEffect, RunInput } from "./effects";
import { staleReport } from "./lease";

// Function timeouts (SPEC §4.1, source `timeout`) and the run's one timer, in one place.

/** A new run's deadline: `timeouts.start` after its creation, or none. */
export const startDeadline = (timeouts: FunctionTimeouts, createdAt: number): Deadline | null =>
  timeouts.start === null ? null : { at: createdAt + timeouts.start, kind: "start" };

/** The deadline from a run's first start on: `timeouts.finish` after it, or none. */
export const finishDeadline = (timeouts: FunctionTimeouts, startedAt: number): Deadline | null =>
  timeouts.finish === null ? null : { at: startedAt + timeouts.finish, kind: "finish" };

/**
 * The run's single timer: the earlier of its wake-up (sleep, wait timeout, backoff) and its
 * deadline; null when it has neither. Every write stores this, so a sleep that ends never
 * clears a pending deadline, and a rescheduled sleep never keeps its old time.
 */
export const runTimer = (run: Pick<Run, "wake" | "deadline">): number | null => {
  const wake = run.wake?.at ?? null;
  const deadline = run.deadline?.at ?? null;
  if (wake === null) return deadline;
  return deadline === null ? wake : Math.min(wake, deadline);
};

/**
 * The timer effect of a transition from `before` to `after`: none when the timer stays where
 * it is, except after `TimerFired` (the world drops a timer when it fires it: write it again).
 */
export const timerEffects = (before: Run, after: Run, input: RunInput): readonly RunEffect[] => {
  const timer = runTimer(after);
  if (timer === runTimer(before) && input._tag !== "TimerFired") return [];
  return [timer === null ? { _tag: "ClearTimer" } : { _tag: "SetTimer", at: timer }];
};

const UNITS: readonly (readonly [string, number])[] = [
  ["w", 604_800_000],
  ["d", 86_400_000],
  ["h", 3_600_000],
  ["m", 60_000],
  ["s", 1_000],
];

/** A duration as the config writes it: "10m", "2h", "90s", "1500ms". */
export const formatDuration = (ms: number): string => {
  const unit = UNITS.find(([, size]) => ms > 0 && ms % size === 0);
  return unit === undefined ? `${ms}ms` : `${ms / unit[1]}${unit[0]}`;
};

/** The record of a run cancelled by its deadline, e.g. reason "finish timeout 10m elapsed". */
export const timeoutCancellation = (run: Run, deadline: Deadline, at: number): Cancellation => {
  const from = deadline.kind === "start" ? run.createdAt : (run.startedAt ?? run.createdAt);
  const limit = formatDuration(deadline.at - from);
  return { source: "timeout", at, reason: `${deadline.kind} timeout ${limit} elapsed` };
};

/** Inputs after which the run would start something: its first execution, or a step. */
const startsSomething = (run: Run, input: RunInput): boolean =>
  (input._tag === "LeaseGranted" && run.state === "queued") ||
  (input._tag === "OpReported" &&
    staleReport(run, input.epoch) === null &&
    (input.op.op === "StepPlanned" || input.op.op === "Sleep" || input.op.op === "WaitForEvent"));

/**
 * A deadline that has passed cancels the run: when its timer fires, and at any step boundary
 * reached before the timer fired (a claim, a step about to start), so nothing starts after the
 * deadline. Anything else passes (a step's result, the run's completion: the first to commit
 * wins, R9). The cancel then does what it does in each state (SPEC §4.3).
 */
export const withDeadline = (run: Run, input: RunInput): RunInput => {
  const { deadline } = run;
  if (deadline === null || deadline.at > input.at) return input;
  if (input._tag !== "TimerFired" && !startsSomething(run, input)) return input;
  return {
    _tag: "Cancel",
    at: input.at,
    cancellation: timeoutCancellation(run, deadline, input.at),
  };
};
