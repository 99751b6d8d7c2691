import type { Run } from "../codecs/run";
import { isTerminal } from "../machine/run-machine";
import type { QuellFunction } from "../sdk/types";
import type { Successor } from "./commit";
import type { Finding } from "./invariants";
import { type ExplorerState, labelOf, runsStep } from "./state";

// Function timeouts (SPEC §4.1, source `timeout`) and rescheduling (§7.10), restated from the
// functions' configuration and the script's requests, not from the deadline the model wrote.

interface ConfiguredDeadline {
  readonly at: number;
  readonly kind: "start" | "finish";
}

/** The run's deadline by its function's `timeouts`: `start` until it first started, then `finish`. */
const configuredDeadline = (fn: QuellFunction, run: Run): ConfiguredDeadline | null => {
  if (run.startedAt === null) {
    return fn.timeouts.start === null
      ? null
      : { at: run.createdAt + fn.timeouts.start, kind: "start" };
  }
  return fn.timeouts.finish === null
    ? null
    : { at: run.startedAt + fn.timeouts.finish, kind: "finish" };
};

/**
 * The run's one timer is the earlier of its wake-up and its deadline: a sleep that ends keeps
 * the deadline's timer, and a reschedule moves the sleep's.
 */
const timerFollows = (
  after: ExplorerState,
  run: Run,
  fn: QuellFunction,
  invariant: Finding[0],
  out: Finding[],
): void => {
  if (isTerminal(run.state) || run.state === "cancelling") return;
  const deadline = configuredDeadline(fn, run)?.at ?? null;
  const wake = run.wake?.at ?? null;
  const expected = wake === null ? deadline : deadline === null ? wake : Math.min(wake, deadline);
  const actual = after.world.timers.get(run.id) ?? null;
  if (actual !== expected) {
    const show = (at: number | null) => (at === null ? "none" : new Date(at).toISOString());
    out.push([
      invariant,
      `${labelOf(after, run.id)} (${run.state}): its timer is ${show(actual)}, but its wake-up and deadline make it ${show(expected)}`,
    ]);
  }
};

/** §4.1 timeouts: a timeout cancels only a run whose deadline passed; nothing starts after it. */
export const timeoutRules = (before: ExplorerState, next: Successor, out: Finding[]): void => {
  const after = next.state;
  const { now } = after.world;
  for (const a of after.world.runs.values()) {
    const b = before.world.runs.get(a.id);
    const fn = after.world.functions.get(a.functionId);
    if (b === undefined || a === b || fn === undefined) continue;
    const name = labelOf(after, a.id);
    if (b.cancellation === null && a.cancellation?.source === "timeout") {
      const deadline = configuredDeadline(fn, b);
      if (deadline === null)
        out.push(["timeout-rules", `${name}: cancelled by a timeout its function does not set`]);
      else if (now < deadline.at)
        out.push([
          "timeout-rules",
          `${name}: cancelled by its ${deadline.kind} timeout ${deadline.at - now}ms before its deadline`,
        ]);
    }
    const start = configuredDeadline(fn, b);
    if (b.startedAt === null && a.startedAt !== null && start !== null && now >= start.at) {
      out.push(["timeout-rules", `${name}: started at or after its start deadline`]);
    }
    const finish = a.startedAt === null ? null : configuredDeadline(fn, a);
    if (
      finish !== null &&
      now >= finish.at &&
      a.inFlight !== null &&
      a.inFlight.hash !== b.inFlight?.hash
    ) {
      out.push([
        "timeout-rules",
        `${name}: step "${a.inFlight.id}" started at or after its finish deadline`,
      ]);
    }
    timerFollows(
      after,
      a,
      fn,
      next.rescheduled?.runId === a.id ? "reschedule-rules" : "timeout-rules",
      out,
    );
  }
  for (const x of after.executions.filter((e) => e.serial >= before.nextSerial)) {
    const run = after.world.runs.get(x.runId);
    const fn = run === undefined ? undefined : after.world.functions.get(run.functionId);
    const finish =
      run === undefined || fn === undefined || run.startedAt === null
        ? null
        : configuredDeadline(fn, run);
    if (finish !== null && runsStep(x) && x.kind !== "sent" && now >= finish.at) {
      out.push([
        "timeout-rules",
        `${labelOf(after, x.runId)}: a step started at or after its finish deadline`,
      ]);
    }
  }
};

/** §7.10 and the API: only a sleeping run is rescheduled (else 409), and a sleep wakes once. */
export const rescheduleRules = (before: ExplorerState, next: Successor, out: Finding[]): void => {
  const after = next.state;
  const asked = next.rescheduled;
  const b = asked === undefined ? undefined : before.world.runs.get(asked.runId);
  if (asked !== undefined && b !== undefined) {
    const name = labelOf(after, b.id);
    const tag = asked.outcome._tag;
    if (b.state === "sleeping" && tag !== "Applied")
      out.push(["reschedule-rules", `rescheduleRun(${name}) on a sleeping run answered ${tag}`]);
    if (b.state !== "sleeping" && tag !== "Rejected")
      out.push([
        "reschedule-rules",
        `rescheduleRun(${name}) on a ${b.state} run answered ${tag}, not 409`,
      ]);
    const a = after.world.runs.get(b.id);
    if (tag === "Applied" && a?.wake?.at !== asked.until)
      out.push(["reschedule-rules", `rescheduleRun(${name}) did not move its wake-up`]);
  }
  for (const a of after.world.runs.values()) {
    const old = before.world.runs.get(a.id);
    if (old === undefined || old === a || a.timeline.length === old.timeline.length) continue;
    const woke = new Map<string, number>();
    for (const entry of a.timeline) {
      if (entry.type === "woke") woke.set(entry.step ?? "", (woke.get(entry.step ?? "") ?? 0) + 1);
    }
    for (const [step, times] of woke) {
      if (times > 1)
        out.push([
          "reschedule-rules",
          `${labelOf(after, a.id)}: woke ${times} times from sleep "${step}"`,
        ]);
    }
  }
};
