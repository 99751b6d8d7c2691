// The operations of SPEC §6, with every status each can answer. Every schema comes from a codec:
// answers from the codecs the routes encode with, bodies and queries from the ones they decode.

import type * as t from "io-ts";
import { RegisterBody } from "../inngest/register-body";
import { type AnswerOf, answers, envelopeOf } from "../server/answers";
import { EventsBody, ListEventsQuery, ListRunsQuery } from "../server/codecs";
import { type SchemaName, schemaOf } from "./schemas";

const ref = (name: SchemaName) => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: object) => ({ content: { "application/json": { schema } } });
/** The `{ data, metadata }` answer of an operation, from the codec its route encodes with. */
const answer = (operation: keyof AnswerOf) => json(schemaOf(envelopeOf(answers[operation])));

const ERRORS: Record<number, string> = {
  400: "Bad input: the body, query or path is malformed; `error` and `path` name the field",
  401: "Missing or unknown key (production mode)",
  403: "Dev mode: the Host header is not a loopback name (DNS rebinding protection)",
  404: "Not found",
  409: "Conflict with the run's state",
  413: "Request body larger than the server's limit",
  415: "Content-Type is not application/json",
  502: "The app did not answer the sync (unreachable, or an answer other than the SDK's); `error` names its URL",
  501: "The engine behind this server does not offer this operation",
  503: "The store is unavailable (unreachable, not answering, or full); the `Retry-After` header says when to try again",
};
const retryAfter = {
  "Retry-After": {
    description: "seconds to wait before trying again",
    schema: { type: "integer" },
  },
};
/**
 * The error answers of an operation; in dev mode every one may answer 403 (a Host that is not a
 * loopback name), and every one that uses the store may answer 503.
 */
const errors = (...codes: number[]) =>
  Object.fromEntries(
    [...codes, 403, 503].map((code) => [
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
/** Query parameters from the codec that decodes the query: one per field, its description lifted. */
const queryOf = (codec: t.Mixed) => {
  const schema = schemaOf(codec) as {
    properties: Record<string, { description?: string }>;
    required?: string[];
  };
  return Object.entries(schema.properties).map(([name, { description, ...field }]) => ({
    name,
    in: "query",
    required: schema.required?.includes(name) ?? false,
    ...(description === undefined ? {} : { description }),
    schema: field,
  }));
};
const body = (name: SchemaName, required = true) => ({ required, ...json(ref(name)) });
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
        ...json(schemaOf(EventsBody)),
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
  "/v1/events": {
    get: {
      operationId: "listEvents",
      summary: "Stored events (system events included), newest first",
      parameters: queryOf(ListEventsQuery),
      responses: {
        200: { description: "A page of events", ...answer("listEvents") },
        ...errors(400, 401),
      },
    },
  },
  "/v1/events/{id}": {
    get: {
      operationId: "getEvent",
      summary: "One stored event",
      parameters: [idParam("id", "the event's internal id, as returned by POST /e/{eventKey}")],
      responses: {
        200: { description: "The event", ...answer("getEvent") },
        ...errors(400, 401, 404),
      },
    },
  },
  "/v1/events/{id}/cancelled-runs": {
    get: {
      operationId: "runsCancelledBy",
      summary: "Runs an event cancelled (their cancellation record names it)",
      parameters: [idParam("id", "the event's internal id")],
      responses: {
        200: { description: "The runs", ...answer("runsCancelledBy") },
        ...errors(400, 401),
      },
    },
  },
  "/v1/events/{id}/runs": {
    get: {
      operationId: "runsForEvent",
      summary: "Runs started by an event",
      parameters: [idParam("id", "the event's internal id, as returned by POST /e/{eventKey}")],
      responses: {
        200: { description: "The runs", ...answer("runsForEvent") },
        ...errors(400, 401),
      },
    },
  },
  "/v1/runs": {
    get: {
      operationId: "listRuns",
      summary: "Runs, newest first",
      parameters: queryOf(ListRunsQuery),
      responses: {
        200: { description: "A page of runs", ...answer("listRuns") },
        ...errors(400, 401),
      },
    },
  },
  "/v1/runs/{id}": {
    get: {
      operationId: "getRun",
      summary: "A run: status, output, cancellation record, steps and timeline",
      parameters: [idParam("id", "the run's id")],
      responses: {
        200: { description: "The run", ...answer("getRun") },
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
          ...answer("cancelRun"),
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
        200: { description: "The new run", ...answer("replayRun") },
        ...errors(...bodyErrors, 404, 409, 501),
      },
    },
  },
  "/v1/runs/{id}/reschedule": {
    post: {
      operationId: "rescheduleRun",
      summary: "Move a sleeping run's wake-up time (409 unless the run sleeps)",
      parameters: [idParam("id", "the run's id")],
      requestBody: body("RescheduleRequest"),
      responses: {
        200: {
          description: "The run, with its new wake-up in the timeline",
          ...answer("rescheduleRun"),
        },
        ...errors(...bodyErrors, 404, 409),
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
          ...answer("replayRuns"),
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
          ...answer("createCancellation"),
        },
        ...errors(...bodyErrors, 404, 501),
      },
    },
    get: {
      operationId: "listCancellations",
      summary: "Bulk cancellations, newest first",
      responses: {
        200: { description: "The records", ...answer("listCancellations") },
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
        200: { description: "The record", ...answer("getCancellation") },
        ...errors(400, 401, 404, 501),
      },
    },
    delete: {
      operationId: "stopCancellation",
      summary: "Stop a bulk cancellation; runs already cancelled stay cancelled",
      parameters: [idParam("id", "the cancellation's id")],
      responses: {
        200: { description: "The record, stopped", ...answer("stopCancellation") },
        ...errors(...bodyErrors, 404, 501),
      },
    },
  },
  "/v1/functions": {
    get: {
      operationId: "listFunctions",
      summary: "Registered functions and their configuration",
      responses: {
        200: { description: "The functions", ...answer("listFunctions") },
        ...errors(401),
      },
    },
  },
  "/v1/functions/{slug}/pause": {
    post: {
      operationId: "pauseFunction",
      summary: "Pause a function: its events create Skipped runs, its runs wait at their next step",
      parameters: [idParam("slug", "the function's slug or id")],
      requestBody: body("PauseRequest", false),
      responses: {
        200: { description: "Paused", ...answer("pauseFunction") },
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
        200: { description: "Resumed", ...answer("resumeFunction") },
        ...errors(...bodyErrors, 404, 501),
      },
    },
  },
  "/fn/register": {
    post: {
      operationId: "registerApp",
      summary:
        "Sync an app of the official inngest SDK (the SDK posts this when its serve URL gets a PUT); a refusal is a 400 naming the function and the option",
      requestBody: { required: true, ...json(schemaOf(RegisterBody)) },
      responses: {
        200: { description: "Synced", ...json(ref("RegisterAnswer")) },
        ...errors(...bodyErrors),
      },
    },
  },
  "/v1/apps": {
    get: {
      operationId: "listApps",
      summary: "Synced SDK apps, their functions and sync state",
      responses: {
        200: { description: "The apps", ...answer("listApps") },
        ...errors(401),
      },
    },
  },
  "/v1/apps/{id}/resync": {
    post: {
      operationId: "resyncApp",
      summary:
        "Sync an app again now: PUT its serve URL, so its SDK posts its configuration to /fn/register",
      parameters: [idParam("id", "the app's id")],
      responses: {
        200: { description: "The app after the sync", ...answer("resyncApp") },
        ...errors(...bodyErrors, 404, 502),
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
