import * as t from "io-ts";
import { described } from "../codecs/annotated";
import { EventPayload } from "../codecs/event";
import { InvokeCascade } from "../codecs/invoke";
import { Json } from "../codecs/json";
import { SerializedError } from "../codecs/ops";
import {
  type Run,
  RunState,
  RunStatus,
  StepKind,
  type StepRecord,
  type TimelineEntry,
  TimelineEntryType,
} from "../codecs/run";
import { closed, IsoDateTime, isoTime } from "../codecs/wire";
import { CancellationView, toCancellationView } from "./cancellation-view";

/** An event as the API shows it: its own `ts` stays epoch ms, as in the seeds' system. */
export const EventView = t.exact(EventPayload);
export type EventView = t.TypeOf<typeof EventView>;

const stepFields = {
  id: t.string,
  hash: described(t.string, "hex SHA-1 of the step id (with :1, :2… for repeats)"),
  kind: StepKind,
  settled_after_cancel: described(
    t.boolean,
    "the step was in flight when the run was cancelled and settled afterwards (SPEC §4.3)",
  ),
};

/** A memoised step: completed with its output, or failed with its error. */
export const StepView = t.union([
  closed({ ...stepFields, status: t.literal("completed"), output: Json }),
  closed({ ...stepFields, status: t.literal("failed"), error: SerializedError }),
]);
export type StepView = t.TypeOf<typeof StepView>;

/** One line of a run's history. */
export const TimelineEntryView = closed(
  { at: IsoDateTime, type: TimelineEntryType },
  { step: described(t.string, "the step's id"), detail: t.string },
);
export type TimelineEntryView = t.TypeOf<typeof TimelineEntryView>;

/** The run whose `step.invoke` started this one. */
export const ParentView = closed({
  run_id: t.string,
  step_hash: described(t.string, "the hash of the parent's step.invoke step"),
  cascade: described(InvokeCascade, "whether the parent's cancellation cancels this run"),
});
export type ParentView = t.TypeOf<typeof ParentView>;

/** A run as the API reports it (SPEC §3 status names, `cancelling` reads `Cancelled` with `ended_at: null`). */
export const RunView = closed({
  id: t.string,
  function_id: described(t.string, "the function's slug"),
  app_id: t.string,
  status: RunStatus,
  state: described(RunState, "the run machine's state, finer than status"),
  output: described(Json, "the handler's JSON result, or null"),
  error: t.union([SerializedError, t.null]),
  created_at: IsoDateTime,
  started_at: t.union([IsoDateTime, t.null]),
  ended_at: t.union([IsoDateTime, t.null]),
  cancellation: t.union([CancellationView, t.null]),
  original_run_id: t.union([t.string, t.null]),
  event: EventView,
  events: t.readonlyArray(EventView),
  steps: t.readonlyArray(StepView),
  timeline: t.readonlyArray(TimelineEntryView),
  parent: described(
    t.union([ParentView, t.null]),
    "the run that invoked this one with step.invoke, or null",
  ),
  // The seeds' system's names for the same facts, which its users' scripts read.
  run_id: described(t.string, "the seeds' system's name for id"),
  run_started_at: described(IsoDateTime, "the seeds' system's name for created_at"),
  event_id: described(t.string, "the internal id of the triggering event (what POST /e answered)"),
});
export type RunView = t.TypeOf<typeof RunView>;

const statusOf: Record<RunState, RunStatus> = {
  queued: "Queued",
  running: "Running",
  sleeping: "Sleeping",
  waiting: "Waiting",
  backoff: "Running",
  paused: "Running",
  skipped: "Skipped",
  cancelling: "Cancelled",
  completed: "Completed",
  failed: "Failed",
  cancelled: "Cancelled",
};

export const runStatus = (state: RunState): RunStatus => statusOf[state];

const toStepView = (step: StepRecord): StepView => {
  const common = {
    id: step.id,
    hash: step.hash,
    kind: step.kind,
    settled_after_cancel: step.settledAfterCancel === true,
  };
  return step.status === "completed"
    ? { ...common, status: "completed", output: step.output }
    : { ...common, status: "failed", error: step.error };
};

const toTimelineView = (entry: TimelineEntry): TimelineEntryView => ({
  ...entry,
  at: isoTime(entry.at),
});

const iso = (ms: number | null): string | null => (ms === null ? null : isoTime(ms));

export const toRunView = (run: Run): RunView => ({
  id: run.id,
  function_id: run.functionId,
  app_id: run.appId,
  status: statusOf[run.state],
  state: run.state,
  output: run.output ?? null,
  error: run.error,
  created_at: isoTime(run.createdAt),
  started_at: iso(run.startedAt),
  ended_at: iso(run.endedAt),
  cancellation: run.cancellation === null ? null : toCancellationView(run.cancellation),
  original_run_id: run.originalRunId,
  event: run.event,
  events: run.events,
  steps: Object.values(run.steps).map(toStepView),
  timeline: run.timeline.map(toTimelineView),
  parent:
    run.parent === null
      ? null
      : { run_id: run.parent.runId, step_hash: run.parent.stepHash, cascade: run.parent.cascade },
  run_id: run.id,
  run_started_at: isoTime(run.createdAt),
  event_id: run.triggerEventId,
});

/** A run's timeline as lines a person reads: `2024-01-01T00:00:00.000Z  created — …`. */
export const formatTimeline = (run: Run): string =>
  run.timeline
    .map((entry) => {
      const step = entry.step === undefined ? "" : ` "${entry.step}"`;
      const detail = entry.detail === undefined ? "" : ` — ${entry.detail}`;
      return `${isoTime(entry.at)}  ${entry.type}${step}${detail}`;
    })
    .join("\n");
