import type { Cancellation } from "../codecs/cancellation";
import type { Run, RunState, StepRecord, TimelineEntry } from "../codecs/run";
import { failedInvoke, finishedInvoke, INVOKE_TIMEOUT_ERROR } from "../invoke/invoke-result";
import type { RunMachineEventType } from "../machine/run-machine";
import { nextState } from "../machine/transition-table";
import { finishDeadline, timerEffects, withDeadline } from "./deadline";
import { decideOp } from "./decide-op";
import { type Change, type Decision, execute } from "./decision";
import type { RunContext, RunEffect, RunInput, RunOutcome } from "./effects";
import { endEffects } from "./end-effects";
import { holdsLease, idleClaimEffects, leaseEffects, staleReport } from "./lease";
import { decideReschedule } from "./reschedule";

export interface Reduction {
  readonly run: Run;
  readonly effects: readonly RunEffect[];
  readonly outcome: RunOutcome;
}

/**
 * A timeline entry at `at`: one object literal per shape, in the key order `{ at, ...entry }`
 * gave (entries are written type, step, detail). A spread copies keys one by one into an object
 * sized for more, and it stays in every run's timeline: a literal is smaller and faster.
 */
const stamped = (entry: Omit<TimelineEntry, "at">, at: number): TimelineEntry => {
  const { type, step, detail } = entry;
  if (step === undefined) return detail === undefined ? { at, type } : { at, type, detail };
  return detail === undefined ? { at, type, step } : { at, type, step, detail };
};

const ignored = (run: Run, reason: string): Reduction => ({
  run,
  effects: [],
  outcome: { _tag: "Ignored", reason },
});

/**
 * The per-run reducer `(run, input) → (run', effects)`. The run machine decides whether the
 * input applies and which state follows; this function decides the data and the effects, and
 * the run's one timer from the run itself (`runTimer`). A passed deadline turns the input into
 * its timeout cancellation (`withDeadline`). Pure: time comes in `input.at`, nothing is performed.
 */
export const reduceRun = (run: Run, received: RunInput, ctx: RunContext): Reduction => {
  const input = withDeadline(run, received);
  const change = decide(run, input, ctx);
  if ("_tag" in change) {
    if (change._tag === "Rejected") {
      return { run, effects: [], outcome: { _tag: "Rejected", reason: change.reason } };
    }
    const { reason, effects = [], stale } = change;
    return { run, effects, outcome: { _tag: "Ignored", reason, ...(stale ? { stale } : {}) } };
  }
  const to = nextState(run.state, change.event);
  if (to === undefined) {
    if (input._tag === "Cancel" && (run.state === "completed" || run.state === "failed")) {
      return {
        run,
        effects: [],
        outcome: { _tag: "Rejected", reason: `run already ${run.state}` },
      };
    }
    return ignored(run, `${change.event} does not apply in state ${run.state}`);
  }
  const timeline = run.timeline.concat(change.log.map((entry) => stamped(entry, input.at)));
  const next: Run = { ...run, ...change.patch, state: to, version: run.version + 1, timeline };
  const ending = endEffects(next, to, input.at, ctx);
  const effects = [
    ...change.effects,
    ...ending.effects,
    ...timerEffects(run, ending.run, received),
  ];
  return {
    run: ending.run,
    effects: [...effects, ...leaseEffects(run.state, to, effects, input.at, ctx)],
    outcome: { _tag: "Applied" },
  };
};

const decide = (run: Run, input: RunInput, ctx: RunContext): Decision => {
  switch (input._tag) {
    case "LeaseGranted":
      return decideClaim(run, input.expired, input.at, ctx);
    case "OpReported": {
      const stale = staleReport(run, input.epoch);
      if (stale !== null) return { _tag: "Ignored", reason: stale, stale: true };
      return decideOp(run, input.op, input.at, input.seq, ctx);
    }
    case "TimerFired":
      return decideTimer(run, input.at);
    case "WaitMatched": {
      if (run.state !== "waiting" || run.waiting?.hash !== input.stepHash) {
        return { _tag: "Ignored", reason: "not waiting for this step" };
      }
      if (run.waiting.kind === "invoke") {
        const { step, entry } = finishedInvoke(run.waiting, input.event);
        return resume(run, "EVENT_MATCHED", step, input.at, entry);
      }
      const step: StepRecord = {
        id: run.waiting.id,
        hash: input.stepHash,
        kind: "waitForEvent",
        status: "completed",
        output: input.event,
      };
      return resume(run, "EVENT_MATCHED", step, input.at, {
        type: "wait.resolved",
        step: run.waiting.id,
        detail: input.event.name,
      });
    }
    case "Cancel":
      return decideCancel(run, input.cancellation);
    case "Pause":
      return {
        event: "PAUSE",
        patch: {},
        effects: [],
        log: [{ type: "paused", detail: "function paused" }],
      };
    case "Resume":
      return {
        event: "RESUME",
        patch: {},
        effects: [{ _tag: "Enqueue", at: input.at }],
        log: [{ type: "resumed", detail: "function resumed" }],
      };
    case "Reschedule":
      return decideReschedule(run, input.until);
    case "InvokeFailed": {
      const { waiting } = run;
      if (run.state !== "waiting" || waiting?.kind !== "invoke" || waiting.hash !== input.stepHash)
        return { _tag: "Ignored", reason: "not invoking from this step" };
      const { step, entry } = failedInvoke(waiting, input.error, "invoke.failed");
      return resume(run, "EVENT_MATCHED", step, input.at, entry);
    }
  }
};

/**
 * This process holds the run's lease now. A queued run starts. A run whose previous holder
 * stopped renewing (`expired`) while executing it is taken over: a new lease epoch, so that
 * holder's late reports are stale; a `running` run is queued again (its step in flight, never
 * committed, runs again: at-least-once until commit), a `cancelling` one ends `cancelled` (no
 * retry, R8). Otherwise the run moved on and there is nothing to execute.
 */
const decideClaim = (run: Run, expired: boolean, at: number, ctx: RunContext): Decision => {
  if (run.state === "queued") {
    const first = run.startedAt === null;
    return {
      event: "START",
      // The first start replaces the start deadline with the finish one (SPEC §4.1, timeouts).
      patch: first ? { startedAt: at, deadline: finishDeadline(ctx.timeouts, at) } : {},
      effects: [execute(run, null)],
      log: first ? [{ type: "started" }] : [],
    };
  }
  if (expired && holdsLease(run.state)) {
    const leaseEpoch = run.leaseEpoch + 1;
    return {
      event: "LEASE_EXPIRED",
      patch: { inFlight: null, parallel: [], leaseEpoch },
      effects: run.state === "running" ? [{ _tag: "Enqueue", at }] : [],
      log: [
        { type: "lease.expired", detail: `its worker is presumed dead; lease epoch ${leaseEpoch}` },
      ],
    };
  }
  return {
    _tag: "Ignored",
    reason: `nothing to execute in state ${run.state}`,
    effects: idleClaimEffects(run.state),
  };
};

const describeCancellation = (c: Cancellation): string =>
  [
    c.source,
    c.event_id && `event ${c.event_id}`,
    c.cancellation_id && `cancellation ${c.cancellation_id}`,
    c.caused_by_run_id && `run ${c.caused_by_run_id}`,
    c.reason,
  ]
    .filter(Boolean)
    .join(", ");

const decideCancel = (run: Run, cancellation: Cancellation): Decision => {
  if (run.state === "cancelled" || run.state === "cancelling") {
    return { _tag: "Ignored", reason: "already cancelled" };
  }
  const inFlight = run.state === "running" && run.inFlight !== null;
  return {
    event: inFlight ? "CANCEL_IN_FLIGHT" : "CANCEL",
    patch: { cancellation },
    // Any execution still running sees its signal aborted, in flight step or not (SPEC §4.3).
    effects: run.state === "running" ? [{ _tag: "AbortStep" }] : [],
    log: [{ type: "cancel.requested", detail: describeCancellation(cancellation) }],
  };
};

const decideTimer = (run: Run, at: number): Decision => {
  if (run.wake === null || run.wake.at > at) return { _tag: "Ignored", reason: "no timer due" };
  switch (run.state) {
    case "sleeping": {
      const id = run.inFlight?.id ?? "";
      const hash = run.inFlight?.hash ?? "";
      const step: StepRecord = { id, hash, kind: "sleep", status: "completed", output: null };
      return resume(run, "WAKE", step, at, { type: "woke", step: id });
    }
    case "waiting": {
      if (run.waiting === null) return { _tag: "Ignored", reason: "not waiting" };
      if (run.waiting.kind === "invoke") {
        const { step, entry } = failedInvoke(run.waiting, INVOKE_TIMEOUT_ERROR, "invoke.timed_out");
        return resume(run, "WAKE", step, at, entry);
      }
      const step: StepRecord = {
        id: run.waiting.id,
        hash: run.waiting.hash,
        kind: "waitForEvent",
        status: "completed",
        output: null,
      };
      return resume(run, "WAKE", step, at, { type: "wait.timed_out", step: run.waiting.id });
    }
    case "backoff":
      return resume(run, "WAKE", null, at, {
        type: "retrying",
        detail: `attempt ${run.attempt + 1}`,
      });
    default:
      return { _tag: "Ignored", reason: `timer in state ${run.state}` };
  }
};

/** Leave a sleep, wait or backoff: memoise what it produced and queue the next execution. */
const resume = (
  run: Run,
  event: RunMachineEventType,
  step: StepRecord | null,
  at: number,
  entry: Omit<TimelineEntry, "at">,
): Change => {
  const removeWait: RunEffect[] =
    run.state === "waiting" && run.waiting !== null
      ? [{ _tag: "RemoveListeners", ids: [`${run.id}:wait:${run.waiting.hash}`] }]
      : [];
  return {
    event,
    patch: {
      steps: step === null ? run.steps : { ...run.steps, [step.hash]: step },
      inFlight: null,
      wake: null,
      waiting: null,
    },
    effects: [...removeWait, { _tag: "Enqueue", at }],
    log: [entry],
  };
};

export type { RunState };
