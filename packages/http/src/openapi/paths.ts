// The operations of SPEC §6, with every status each can answer.

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: object) => ({ content: { "application/json": { schema } } });
const envelope = (data: object) =>
  json({
    type: "object",
    required: ["data", "metadata"],
    properties: { data, metadata: ref("Metadata") },
    additionalProperties: false,
  });
const list = (name: string) => envelope({ type: "array", items: ref(name) });

const ERRORS: Record<number, string> = {
  400: "Bad input: the body, query or path is malformed; `error` and `path` name the field",
  401: "Missing or unknown key (production mode)",
  404: "Not found",
  409: "Conflict with the run's state",
  413: "Request body larger than the server's limit",
  415: "Content-Type is not application/json",
  501: "The engine behind this server does not offer this operation",
  503: "The store is unavailable (unreachable, not answering, or full); the `Retry-After` header says when to try again",
};
const retryAfter = {
  "Retry-After": {
    description: "seconds to wait before trying again",
    schema: { type: "integer" },
  },
};
/** The error answers of an operation; every one that uses the store may also answer 503. */
const errors = (...codes: number[]) =>
  Object.fromEntries(
    [...codes, 503].map((code) => [
      code,
      {
        description: ERRORS[code],
        ...(code === 503 ? { headers: retryAfter } : {}),
        ...json(ref("Error")),
      },
    ]),
  );

const idParam = (name: string, description: string) => ({
  name,
  in: "path",
  required: true,
  description,
  schema: { type: "string" },
});
const query = (name: string, description: string, schema: object = { type: "string" }) => ({
  name,
  in: "query",
  required: false,
  description,
  schema,
});
const body = (name: string, required = true) => ({ required, ...json(ref(name)) });
const bodyErrors = [400, 401, 413, 415];

export const paths = {
  "/e/{eventKey}": {
    post: {
      operationId: "sendEvents",
      summary: "Ingest one event or an array of events",
      security: [],
      parameters: [idParam("eventKey", "an event key (any key in dev mode)")],
      requestBody: {
        required: true,
        ...json({ oneOf: [ref("EventInput"), { type: "array", items: ref("EventInput") }] }),
      },
      responses: {
        200: {
          description: "Internal ids of the events, in order",
          ...json(ref("IngestResponse")),
        },
        ...errors(...bodyErrors),
      },
    },
  },
  "/v1/events/{id}/runs": {
    get: {
      operationId: "runsForEvent",
      summary: "Runs started by an event",
      parameters: [idParam("id", "the event's internal id, as returned by POST /e/{eventKey}")],
      responses: { 200: { description: "The runs", ...list("Run") }, ...errors(400, 401) },
    },
  },
  "/v1/runs": {
    get: {
      operationId: "listRuns",
      summary: "Runs, newest first",
      parameters: [
        query("function_id", "a function's slug or id"),
        query(
          "status",
          "a status, repeated or comma-separated: Queued, Running, Sleeping, Waiting, Completed, Failed, Cancelled, Skipped",
        ),
        query("started_after", "RFC 3339: runs created at or after", {
          type: "string",
          format: "date-time",
        }),
        query("started_before", "RFC 3339: runs created at or before", {
          type: "string",
          format: "date-time",
        }),
        query("cursor", "metadata.cursor of the previous page"),
        query("limit", "page size, 1 to 1000 (default 50)", {
          type: "integer",
          minimum: 1,
          maximum: 1000,
        }),
      ],
      responses: { 200: { description: "A page of runs", ...list("Run") }, ...errors(400, 401) },
    },
  },
  "/v1/runs/{id}": {
    get: {
      operationId: "getRun",
      summary: "A run: status, output, cancellation record, steps and timeline",
      parameters: [idParam("id", "the run's id")],
      responses: {
        200: { description: "The run", ...envelope(ref("Run")) },
        ...errors(400, 401, 404),
      },
    },
    delete: {
      operationId: "cancelRun",
      summary: "Cancel one run (idempotent on a cancelled run)",
      parameters: [idParam("id", "the run's id")],
      requestBody: body("CancelRunRequest", false),
      responses: {
        200: {
          description: "The run, Cancelled (ended_at null while a step settles)",
          ...envelope(ref("Run")),
        },
        ...errors(...bodyErrors, 404, 409),
      },
    },
  },
  "/v1/runs/{id}/replay": {
    post: {
      operationId: "replayRun",
      summary: "Replay an ended run as a new run with the same triggering event",
      parameters: [idParam("id", "the run's id")],
      responses: {
        200: { description: "The new run", ...envelope(ref("Run")) },
        ...errors(...bodyErrors, 404, 409, 501),
      },
    },
  },
  "/v1/replays": {
    post: {
      operationId: "replayRuns",
      summary: "Replay ended runs of a function in bulk",
      requestBody: body("ReplayRequest"),
      responses: {
        200: {
          description: "How many runs were replayed, and the new runs' ids",
          ...envelope(ref("ReplayResult")),
        },
        ...errors(...bodyErrors, 404, 501),
      },
    },
  },
  "/v1/cancellations": {
    post: {
      operationId: "createCancellation",
      summary: "Cancel runs of a function in bulk, by creation window and CEL condition",
      requestBody: body("CancellationRequest"),
      responses: {
        200: {
          description: "The cancellation record; the sweep proceeds in the background",
          ...envelope(ref("BulkCancellation")),
        },
        ...errors(...bodyErrors, 404, 501),
      },
    },
    get: {
      operationId: "listCancellations",
      summary: "Bulk cancellations, newest first",
      responses: {
        200: { description: "The records", ...list("BulkCancellation") },
        ...errors(401, 501),
      },
    },
  },
  "/v1/cancellations/{id}": {
    get: {
      operationId: "getCancellation",
      summary: "Follow a bulk cancellation",
      parameters: [idParam("id", "the cancellation's id")],
      responses: {
        200: { description: "The record", ...envelope(ref("BulkCancellation")) },
        ...errors(400, 401, 404, 501),
      },
    },
    delete: {
      operationId: "stopCancellation",
      summary: "Stop a bulk cancellation; runs already cancelled stay cancelled",
      parameters: [idParam("id", "the cancellation's id")],
      responses: {
        200: { description: "The record, stopped", ...envelope(ref("BulkCancellation")) },
        ...errors(...bodyErrors, 404, 501),
      },
    },
  },
  "/v1/functions": {
    get: {
      operationId: "listFunctions",
      summary: "Registered functions and their configuration",
      responses: { 200: { description: "The functions", ...list("Function") }, ...errors(401) },
    },
  },
  "/v1/functions/{slug}/pause": {
    post: {
      operationId: "pauseFunction",
      summary: "Pause a function: its events create Skipped runs, its runs wait at their next step",
      parameters: [idParam("slug", "the function's slug or id")],
      requestBody: body("PauseRequest", false),
      responses: {
        200: { description: "Paused", ...envelope(ref("PauseResult")) },
        ...errors(...bodyErrors, 404, 501),
      },
    },
  },
  "/v1/functions/{slug}/resume": {
    post: {
      operationId: "resumeFunction",
      summary: "Resume a paused function; its waiting runs continue",
      parameters: [idParam("slug", "the function's slug or id")],
      responses: {
        200: { description: "Resumed", ...envelope(ref("ResumeResult")) },
        ...errors(...bodyErrors, 404, 501),
      },
    },
  },
  "/health": {
    get: {
      operationId: "health",
      summary: "Whether the server can serve requests: 503 names what is down",
      security: [],
      responses: {
        200: { description: "Every check passed", ...json(ref("Health")) },
        503: {
          description: "A check failed (the store is unavailable); `error` names it",
          headers: retryAfter,
          ...json(ref("Unhealthy")),
        },
      },
    },
  },
  "/openapi.json": {
    get: {
      operationId: "openapi",
      summary: "This document",
      security: [],
      responses: { 200: { description: "OpenAPI 3.1", ...json({ type: "object" }) } },
    },
  },
} as const;
