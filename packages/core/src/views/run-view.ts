import type { Cancellation } from "../codecs/cancellation";
import type { EventPayload } from "../codecs/event";
import type { Json } from "../codecs/json";
import type { SerializedError } from "../codecs/ops";
import type { Run, RunState, RunStatus, StepRecord, TimelineEntry } from "../codecs/run";

/** A run as the API reports it (SPEC §3 status names, `cancelling` reads `Cancelled` with `ended_at: null`). */
export interface RunView {
  readonly id: string;
  readonly function_id: string;
  readonly app_id: string;
  readonly status: RunStatus;
  readonly state: RunState;
  readonly output: Json | null;
  readonly error: SerializedError | null;
  readonly created_at: string;
  readonly started_at: string | null;
  readonly ended_at: string | null;
  readonly cancellation: Cancellation | null;
  readonly original_run_id: string | null;
  readonly event: EventPayload;
  readonly events: readonly EventPayload[];
  readonly steps: readonly StepRecord[];
  readonly timeline: readonly TimelineEntry[];
}

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

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

export const toRunView = (run: Run): RunView => ({
  id: run.id,
  function_id: run.functionId,
  app_id: run.appId,
  status: statusOf[run.state],
  state: run.state,
  output: run.output ?? null,
  error: run.error,
  created_at: new Date(run.createdAt).toISOString(),
  started_at: iso(run.startedAt),
  ended_at: iso(run.endedAt),
  cancellation: run.cancellation,
  original_run_id: run.originalRunId,
  event: run.event,
  events: run.events,
  steps: Object.values(run.steps),
  timeline: run.timeline,
});

/** A run's timeline as lines a person reads: `+0ms created by tasks/reminder.created`. */
export const formatTimeline = (run: Run): string =>
  run.timeline
    .map((entry) => {
      const time = new Date(entry.at).toISOString();
      const step = entry.step === undefined ? "" : ` "${entry.step}"`;
      const detail = entry.detail === undefined ? "" : ` — ${entry.detail}`;
      return `${time}  ${entry.type}${step}${detail}`;
    })
    .join("\n");
