import * as t from "io-ts";
import { Cancellation } from "./cancellation";
import { Deadline } from "./deadline";
import { EventPayload } from "./event";
import { InvokeParent } from "./invoke";
import { Json } from "./json";
import { SerializedError } from "./ops";
import { SingletonHold } from "./singleton";

/**
 * States of the run machine (SPEC §3). `cancelling`: cancellation committed while a step is in
 * flight. `paused`: stopped at a step boundary because its function is paused. `skipped`: created
 * while its function was paused; it never runs.
 */
export const RunState = t.keyof({
  queued: null,
  running: null,
  sleeping: null,
  waiting: null,
  backoff: null,
  paused: null,
  cancelling: null,
  skipped: null,
  completed: null,
  failed: null,
  cancelled: null,
});
export type RunState = t.TypeOf<typeof RunState>;

/** Status names the API reports (SPEC §3); a closed set. */
export const RunStatus = t.keyof({
  Queued: null,
  Running: null,
  Sleeping: null,
  Waiting: null,
  Completed: null,
  Failed: null,
  Cancelled: null,
  Skipped: null,
});
export type RunStatus = t.TypeOf<typeof RunStatus>;

/** Every status, in the order the docs list them. */
export const runStatuses = Object.keys(RunStatus.keys) as readonly RunStatus[];

export const StepKind = t.keyof({
  run: null,
  sendEvent: null,
  sleep: null,
  waitForEvent: null,
  invoke: null,
});
export type StepKind = t.TypeOf<typeof StepKind>;

/** A memoised step: once committed, never lost and never recomputed (SPEC §7.5). */
export const StepRecord = t.intersection([
  t.type({ id: t.string, hash: t.string, kind: StepKind }),
  t.union([
    t.type({ status: t.literal("completed"), output: Json }),
    t.type({ status: t.literal("failed"), error: SerializedError }),
  ]),
  t.partial({
    settledAfterCancel: t.boolean,
    /** An invoke step whose child run was cancelled: the child's cancellation record. */
    childCancellation: Cancellation,
  }),
]);
export type StepRecord = t.TypeOf<typeof StepRecord>;

/** A step whose start was committed and whose result has not been committed yet. */
export const InFlightStep = t.type({
  id: t.string,
  hash: t.string,
  kind: StepKind,
  startedAt: t.number,
});
export type InFlightStep = t.TypeOf<typeof InFlightStep>;

export const WakeReason = t.keyof({ sleep: null, backoff: null, "wait-timeout": null });
export const Wake = t.type({ at: t.number, reason: WakeReason });
export type Wake = t.TypeOf<typeof Wake>;

/**
 * What a `waiting` run waits for: an event (`step.waitForEvent`), or the end of a run it invoked
 * (`step.invoke`: `event` is `inngest/function.finished`, `if` matches its correlation id).
 */
export const Waiting = t.type({
  id: t.string,
  hash: t.string,
  event: t.string,
  if: t.union([t.string, t.null]),
  kind: t.keyof({ event: null, invoke: null }),
});
export type Waiting = t.TypeOf<typeof Waiting>;

/**
 * What a timeline entry records; a closed set, so a reader (the API, the CLI, a dashboard) can
 * handle every kind. `step.*`, `sleeping`, `waiting`, `woke` and `wait.*` name their step.
 */
export const TimelineEntryType = t.keyof({
  created: null,
  skipped: null,
  started: null,
  "step.started": null,
  "step.completed": null,
  "step.failed": null,
  "step.settled_after_cancel": null,
  sleeping: null,
  woke: null,
  waiting: null,
  "wait.resolved": null,
  "wait.timed_out": null,
  retrying: null,
  "run.errored": null,
  paused: null,
  resumed: null,
  "lease.expired": null,
  "cancel.requested": null,
  rescheduled: null,
  completed: null,
  failed: null,
  cancelled: null,
  invoking: null,
  "invoke.completed": null,
  "invoke.failed": null,
  "invoke.cancelled": null,
  "invoke.timed_out": null,
});
export type TimelineEntryType = t.TypeOf<typeof TimelineEntryType>;

/** One line of a run's history; `at` is epoch ms here, an ISO time in the API's view. */
export const TimelineEntry = t.intersection([
  t.type({ at: t.number, type: TimelineEntryType }),
  t.partial({ step: t.string, detail: t.string }),
]);
export type TimelineEntry = t.TypeOf<typeof TimelineEntry>;

/**
 * What a run keeps of its function's configuration from its creation: a later sync of the
 * function's app (new retries, other cancelOn entries) does not change the runs it already has.
 */
export const RunConfig = t.type({
  retries: t.number,
  /** How many cancelOn listeners the run was created with (their ids, to remove them at the end). */
  cancelOn: t.number,
});
export type RunConfig = t.TypeOf<typeof RunConfig>;

/** The fields every run has (see `Run`). */
const RunFields = t.type({
  id: t.string,
  functionId: t.string,
  appId: t.string,
  version: t.number,
  state: RunState,
  event: EventPayload,
  events: t.array(EventPayload),
  triggerEventId: t.string,
  /** The trigger's ingestion position (a replay: the last one at its creation), SPEC R3. */
  createdSeq: t.number,
  /**
   * The run's place in the order of run creations, assigned by the store in the write that
   * creates the run and kept by it ever after (whatever a writer sends): a bulk cancellation
   * selects only runs created before it was requested (SPEC §4.5, see `Store.lastCreatedPos`).
   */
  createdPos: t.number,
  createdAt: t.number,
  startedAt: t.union([t.number, t.null]),
  endedAt: t.union([t.number, t.null]),
  attempt: t.number,
  /**
   * How many times the run's execution lease expired and was taken over (SPEC §7.10). An
   * execution runs under the epoch its `Execute` carried and reports with it; a report from an
   * older epoch comes from a worker presumed dead, and the reducer ignores it.
   */
  leaseEpoch: t.number,
  steps: t.record(t.string, StepRecord),
  inFlight: t.union([InFlightStep, t.null]),
  wake: t.union([Wake, t.null]),
  /**
   * The function's `timeouts` as this run's deadline (start, then finish). The run's one timer
   * is the earlier of `wake` and `deadline` (`runTimer`), whatever the transition.
   */
  deadline: t.union([Deadline, t.null]),
  waiting: t.union([Waiting, t.null]),
  cancellation: t.union([Cancellation, t.null]),
  error: t.union([SerializedError, t.null]),
  originalRunId: t.union([t.string, t.null]),
  timeline: t.array(TimelineEntry),
  /** The singleton slot the run holds, until it is `cancelling` or ended; null: none. */
  singleton: t.union([SingletonHold, t.null]),
  /** The run whose `step.invoke` started this one (null for any other run, and for replays). */
  parent: t.union([InvokeParent, t.null]),
  /** Undefined on runs stored before runs kept it: their function's current configuration applies. */
  fnConfig: t.union([RunConfig, t.undefined]),
});

/**
 * One execution of a function for one triggering event. Every write bumps `version`.
 * `parallel`: the steps in flight beside `inFlight` when several were planned at once (absent or
 * empty otherwise); `inFlight` is then the first of them.
 */
export const Run = t.intersection([
  RunFields,
  // `output` is optional rather than a required `Json | undefined`: a run's JSON has no key for
  // it until the run completes, and io-ts' `is` (the stores' fast path) wants every required key.
  t.partial({ output: t.union([Json, t.undefined]), parallel: t.array(InFlightStep) }),
]);
export type Run = t.TypeOf<typeof Run>;
