// JSON Schemas (2020-12, as OpenAPI 3.1 uses) of everything the API reads and writes.

import { MAX_EXPRESSION_LENGTH, runStates } from "@quell/core";
import { RUN_STATUSES } from "../server/codecs";

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const nullable = (schema: object) => ({ oneOf: [schema, { type: "null" }] });
const string = { type: "string" } as const;
const dateTime = { type: "string", format: "date-time" } as const;
const epochMs = { type: "number", description: "epoch milliseconds" } as const;
const jsonObject = { type: "object", additionalProperties: true } as const;

/** An object whose listed fields are required unless named in `optional`. */
const object = (
  properties: Record<string, object>,
  optional: readonly string[] = [],
  description?: string,
) => ({
  type: "object",
  ...(description === undefined ? {} : { description }),
  required: Object.keys(properties).filter((key) => !optional.includes(key)),
  properties,
  additionalProperties: false,
});

const RUN_STATES = [...runStates];

export const schemas = {
  Error: object(
    {
      error: {
        ...string,
        description: "what was wrong, starting with the field path for bad input",
      },
      status: { type: "integer" },
      path: {
        ...string,
        description: "the decoding path of the bad input, e.g. body.started_before",
      },
      position: { type: "integer", description: "0-based position inside a CEL expression" },
    },
    ["path", "position"],
  ),
  Health: object({
    status: { const: "ok" },
    checks: ref("HealthChecks"),
  }),
  Unhealthy: object({
    error: { ...string, description: "what is down, e.g. store unavailable: redis …" },
    status: { const: 503 },
    checks: ref("HealthChecks"),
  }),
  HealthChecks: object(
    { store: { ...string, description: '"ok", or why the store is unavailable' } },
    [],
    "each check: ok, or what is wrong",
  ),
  Metadata: object(
    {
      fetched_at: dateTime,
      cached_until: { type: "null" },
      count: { type: "integer", description: "items in `data` (lists)" },
      cursor: { ...nullable(string), description: "next page of `GET /v1/runs`; null on the last" },
    },
    ["count", "cursor"],
  ),
  EventInput: {
    type: "object",
    required: ["name"],
    properties: {
      name: { ...string, minLength: 1, description: 'not starting with "inngest/"' },
      data: jsonObject,
      id: { ...string, description: "deduplicates within 24 h" },
      ts: epochMs,
      user: jsonObject,
      v: string,
    },
  },
  Event: object(
    { name: string, data: jsonObject, id: string, ts: epochMs, user: jsonObject, v: string },
    ["v"],
  ),
  IngestResponse: object({ ids: { type: "array", items: string }, status: { const: 200 } }),
  SerializedError: object({ name: string, message: string, stack: string }, ["stack"]),
  Cancellation: object(
    {
      source: { enum: ["event", "api", "bulk", "pause"] },
      at: epochMs,
      event_id: string,
      cancellation_id: string,
      reason: string,
    },
    ["event_id", "cancellation_id", "reason"],
  ),
  StepRecord: object(
    {
      id: string,
      hash: string,
      kind: { enum: ["run", "sendEvent", "sleep", "waitForEvent"] },
      status: { enum: ["completed", "failed"] },
      output: { description: "the step's JSON result (completed steps)" },
      error: ref("SerializedError"),
      settledAfterCancel: { type: "boolean" },
    },
    ["output", "error", "settledAfterCancel"],
  ),
  TimelineEntry: object({ at: epochMs, type: string, step: string, detail: string }, [
    "step",
    "detail",
  ]),
  Run: object({
    id: string,
    function_id: string,
    app_id: string,
    status: { enum: [...RUN_STATUSES] },
    state: { enum: RUN_STATES },
    output: { description: "the handler's JSON result, or null" },
    error: nullable(ref("SerializedError")),
    created_at: dateTime,
    started_at: nullable(dateTime),
    ended_at: nullable(dateTime),
    cancellation: nullable(ref("Cancellation")),
    original_run_id: nullable(string),
    event: ref("Event"),
    events: { type: "array", items: ref("Event") },
    steps: { type: "array", items: ref("StepRecord") },
    timeline: { type: "array", items: ref("TimelineEntry") },
  }),
  Function: object({
    function_id: { ...string, description: "the slug: app_id, a hyphen, then id" },
    id: string,
    app_id: string,
    name: string,
    trigger: object({ event: string, if: nullable(string) }),
    cancel_on: {
      type: "array",
      items: object({
        event: string,
        match: nullable(string),
        if: nullable(string),
        timeout: nullable({
          oneOf: [object({ after_ms: { type: "number" } }), object({ at: dateTime })],
        }),
      }),
    },
    retries: { type: "integer" },
    paused: { type: "boolean" },
  }),
  BulkCancellation: object({
    id: string,
    environment_id: string,
    app_id: string,
    function_id: string,
    started_after: nullable(dateTime),
    started_before: dateTime,
    if: nullable(string),
    dry_run: { type: "boolean" },
    status: { enum: ["running", "completed", "stopped"] },
    matched: { type: "integer" },
    cancelled: { type: "integer" },
    created_at: dateTime,
  }),
  ReplayResult: object({ count: { type: "integer" }, run_ids: { type: "array", items: string } }),
  PauseResult: object({
    function_id: string,
    paused: { const: true },
    cancelled: { type: "integer" },
  }),
  ResumeResult: object({
    function_id: string,
    paused: { const: false },
    resumed: { type: "integer" },
  }),
  CancelRunRequest: object({ reason: string }, ["reason"]),
  CancellationRequest: object(
    {
      app_id: string,
      function_id: { ...string, description: "the function's id or slug" },
      started_after: nullable(dateTime),
      started_before: { ...dateTime, description: "RFC 3339; not in the future" },
      if: {
        ...nullable({ ...string, maxLength: MAX_EXPRESSION_LENGTH }),
        description: "CEL over `event`, the run's triggering event (docs/matching.md)",
      },
      dry_run: { type: "boolean", description: "count the runs, cancel none" },
    },
    ["started_after", "if", "dry_run"],
  ),
  ReplayRequest: object(
    {
      function_id: string,
      started_after: dateTime,
      started_before: dateTime,
      status: {
        description: "default Cancelled",
        oneOf: [{ enum: [...RUN_STATUSES] }, { type: "array", items: { enum: [...RUN_STATUSES] } }],
      },
    },
    ["started_after", "started_before", "status"],
  ),
  PauseRequest: object({ cancel_running: { type: "boolean" } }, ["cancel_running"]),
} as const;

export type SchemaName = keyof typeof schemas;
