import {
  AppView,
  BulkCancellationView,
  closed,
  described,
  FunctionView,
  Integer,
  IsoDateTime,
  PauseResult,
  ReplayResult,
  ResumeResult,
  RunView,
  StoredEventView,
} from "@quell/core";
import * as t from "io-ts";

// What the server answers, as codecs: routes encode their answers with these, and the OpenAPI
// document describes its responses from the same codecs (../openapi).

/** The body of every error response (see ./http-error `ErrorBody`). */
export const ErrorAnswer = closed(
  {
    error: described(t.string, "what was wrong, starting with the field path for bad input"),
    status: Integer,
  },
  {
    path: described(t.string, "the decoding path of the bad input, e.g. body.started_before"),
    position: described(Integer, "0-based position inside a CEL expression"),
  },
);

/** `GET /health`'s checks: each "ok", or what is wrong. */
export const HealthChecks = described(
  closed({ store: described(t.string, '"ok", or why the store is unavailable') }),
  "each check: ok, or what is wrong",
);

/** `GET /health` when every check passed. */
export const Health = closed({ status: t.literal("ok"), checks: HealthChecks });

/** `GET /health` when something is down: the error shape, with the checks. */
export const Unhealthy = closed({
  error: described(t.string, "what is down, e.g. store unavailable: redis …"),
  status: t.literal(503),
  checks: HealthChecks,
});

/** `metadata` of every `{ data, metadata }` answer. */
export const Metadata = closed(
  { fetched_at: IsoDateTime, cached_until: t.null },
  {
    count: described(Integer, "items in `data` (lists)"),
    cursor: described(
      t.union([t.string, t.null]),
      "next page of `GET /v1/runs` or `GET /v1/events`; null on the last",
    ),
  },
);
export type Metadata = t.TypeOf<typeof Metadata>;

/** `POST /e/:eventKey`: the seeds' system answers ingestion without the envelope. */
export const IngestAnswer = closed({
  ids: described(t.readonlyArray(t.string), "internal ids of the events, in order"),
  status: t.literal(200),
});

/** `POST /fn/register` accepted: what the official SDK reads (INNGEST-PROTOCOL.md §3.2). */
export const RegisterAnswer = closed({
  ok: t.literal(true),
  modified: described(t.boolean, "whether the app's functions changed"),
});

/** `{ data, metadata }` around `data`. */
export const envelopeOf = <C extends t.Mixed>(data: C) => closed({ data, metadata: Metadata });

/** What each `/v1` operation answers in `data`, by operationId. */
export const answers = {
  runsForEvent: t.readonlyArray(RunView),
  runsCancelledBy: t.readonlyArray(RunView),
  listEvents: t.readonlyArray(StoredEventView),
  getEvent: StoredEventView,
  listRuns: t.readonlyArray(RunView),
  getRun: RunView,
  cancelRun: RunView,
  replayRun: RunView,
  replayRuns: ReplayResult,
  createCancellation: BulkCancellationView,
  listCancellations: t.readonlyArray(BulkCancellationView),
  getCancellation: BulkCancellationView,
  stopCancellation: BulkCancellationView,
  listFunctions: t.readonlyArray(FunctionView),
  pauseFunction: PauseResult,
  resumeFunction: ResumeResult,
  rescheduleRun: RunView,
  listApps: t.readonlyArray(AppView),
  resyncApp: AppView,
} as const;
export type AnswerOf = typeof answers;
