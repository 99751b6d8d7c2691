import {
  AnnotatedType,
  compileExpression,
  described,
  EventInput,
  MAX_EXPRESSION_LENGTH,
  RunStatus,
  runStatuses,
  toEpochMs,
  withSchema,
} from "@quell/core";
import * as t from "io-ts";
import type { PositionedError } from "./decode";

// Request codecs: what every body, query string and path parameter must look like. Each codec
// and its type share a name; decoding failures name the field (see ./decode). Each also says
// how it looks on the wire, and the OpenAPI document is derived from them (../openapi).

const isRecord = (u: unknown): u is Record<string, unknown> =>
  typeof u === "object" && u !== null && !Array.isArray(u);

const fail = (value: unknown, context: t.Context, message: string): t.Errors => [
  { value, context, message },
];

const at = (
  c: t.Context,
  key: string,
  type: t.Decoder<unknown, unknown>,
  actual: unknown,
): t.Context => [...c, { key, type, actual }];

/**
 * An object with required and optional fields that rejects unknown fields: a typo such as
 * `"iff"` in a bulk cancellation must be an error, not a filter silently dropped.
 */
export const struct = <R extends t.Props, O extends t.Props>(
  name: string,
  required: R,
  optional: O,
): t.Type<t.TypeOf<t.TypeC<R>> & t.TypeOf<t.PartialC<O>>, unknown, unknown> => {
  type A = t.TypeOf<t.TypeC<R>> & t.TypeOf<t.PartialC<O>>;
  const known = [...Object.keys(required), ...Object.keys(optional)];
  const full = t.intersection([t.type(required), t.partial(optional)]);
  const decoder = new t.Type<A, unknown, unknown>(
    name,
    (u): u is A => full.is(u),
    (u, c) => {
      if (!isRecord(u)) return t.failure(u, c, `expected an object (${name})`);
      const out: Record<string, unknown> = {};
      const errors: t.ValidationError[] = [];
      for (const key of Object.keys(u)) {
        if (known.includes(key)) continue;
        const hint =
          known.length === 0 ? "no fields are accepted here" : `expected ${known.join(", ")}`;
        return t.failure(u[key], at(c, key, t.unknown, u[key]), `unknown field; ${hint}`);
      }
      for (const [key, codec] of Object.entries({ ...optional, ...required })) {
        const value = u[key];
        if (value === undefined) {
          if (!(key in required)) continue;
          errors.push(...fail(value, at(c, key, codec, value), `is required (${codec.name})`));
          continue;
        }
        const decoded = codec.validate(value, at(c, key, codec, value));
        if (decoded._tag === "Left") errors.push(...decoded.left);
        else out[key] = decoded.right;
      }
      return errors.length > 0 ? t.failures(errors) : t.success(out as A);
    },
    (a) => a,
  );
  // Described as its fields, closed: unknown fields are rejected.
  return new AnnotatedType(decoder, { additionalProperties: false }, full);
};

export const NonEmptyString = withSchema(
  new t.Type<string, string, unknown>(
    "non-empty string",
    (u): u is string => typeof u === "string" && u.length > 0,
    (u, c) => (typeof u === "string" && u.length > 0 ? t.success(u) : t.failure(u, c)),
    t.identity,
  ),
  { type: "string", minLength: 1 },
);

/** An RFC 3339 time, e.g. `2024-01-21T18:23:12.000Z`, decoded to epoch ms. */
const TimeDecoder = new t.Type<number, string, unknown>(
  "RFC 3339 time",
  (u): u is number => typeof u === "number",
  (u, c) => {
    if (typeof u !== "string") {
      return t.failure(u, c, "expected an RFC 3339 time like 2024-01-21T18:23:12.000Z");
    }
    const ms = toEpochMs(u);
    return ms._tag === "Right" ? t.success(ms.right) : t.failure(u, c, ms.left);
  },
  (ms) => new Date(ms).toISOString(),
);
export const Time = withSchema(TimeDecoder, { type: "string", format: "date-time" });

/** A CEL expression over `event` (bulk cancellation's `if`), compiled to check it. */
const CelDecoder = new t.Type<string, string, unknown>(
  "CEL expression",
  (u): u is string => typeof u === "string",
  (u, c) => {
    if (typeof u !== "string") return t.failure(u, c, "expected a CEL expression string");
    const compiled = compileExpression(u, "event");
    if (compiled._tag === "Right") return t.success(u);
    const error: PositionedError = {
      value: u,
      context: c,
      message: compiled.left.message,
      position: compiled.left.position,
    };
    return t.failures([error]);
  },
  t.identity,
);
export const CelExpression = withSchema(CelDecoder, {
  type: "string",
  maxLength: MAX_EXPRESSION_LENGTH,
  description: "CEL over `event`, the run's triggering event (docs/matching.md)",
});

export const MAX_PAGE_SIZE = 1000;

/** A page size from a query string: an integer from 1 to MAX_PAGE_SIZE. */
const LimitDecoder = new t.Type<number, string, unknown>(
  "limit",
  (u): u is number => typeof u === "number",
  (u, c) => {
    const n = typeof u === "string" && /^\d{1,7}$/.test(u) ? Number(u) : Number.NaN;
    return n >= 1 && n <= MAX_PAGE_SIZE
      ? t.success(n)
      : t.failure(u, c, `expected an integer from 1 to ${MAX_PAGE_SIZE}`);
  },
  String,
);
export const Limit = withSchema(LimitDecoder, {
  type: "integer",
  minimum: 1,
  maximum: MAX_PAGE_SIZE,
  description: `page size (default 50)`,
});

/** One status, several (`status=A&status=B` or a JSON array), or a comma-separated list. */
const StatusesDecoder = new t.Type<RunStatus[], RunStatus[], unknown>(
  "run statuses",
  (u): u is RunStatus[] => Array.isArray(u),
  (u, c) => {
    const items = typeof u === "string" ? u.split(",") : Array.isArray(u) ? u : [u];
    const out: RunStatus[] = [];
    for (const item of items) {
      const name = typeof item === "string" ? item.trim() : item;
      const found = runStatuses.find((s) => s === name);
      if (found === undefined) {
        const got = JSON.stringify(name) ?? String(name);
        return t.failure(u, c, `unknown status ${got}; expected ${runStatuses.join(", ")}`);
      }
      out.push(found);
    }
    return out.length > 0 ? t.success(out) : t.failure(u, c, "expected at least one status");
  },
  t.identity,
);
export const Statuses = new AnnotatedType(
  StatusesDecoder,
  { description: "a status or several (in a query: repeated, or comma-separated)" },
  t.union([RunStatus, t.array(RunStatus)]),
);

/** `POST /e/:key`: one event or an array; each event's fields are checked by the engine. */
const EventsDecoder = new t.Type<Record<string, unknown> | unknown[], unknown, unknown>(
  "events",
  (u): u is Record<string, unknown> | unknown[] => isRecord(u) || Array.isArray(u),
  (u, c) =>
    isRecord(u) || Array.isArray(u)
      ? t.success(u)
      : t.failure(u, c, "expected an event object like { name, data } or an array of events"),
  t.identity,
);
export const EventsBody = new AnnotatedType(
  EventsDecoder,
  {},
  t.union([EventInput, t.array(EventInput)]),
);
export type EventsBody = t.TypeOf<typeof EventsBody>;

/** A body that may be left out entirely (DELETE, pause, resume). */
const optionalBody = <A>(codec: t.Type<A, unknown, unknown>) =>
  new AnnotatedType(
    new t.Type<A | undefined, unknown, unknown>(
      codec.name,
      (u): u is A | undefined => u === undefined || codec.is(u),
      (u, c) => (u === undefined ? t.success(undefined) : codec.validate(u, c)),
      (a) => a,
    ),
    {},
    codec,
  );

export const IdParams = struct("params", { id: NonEmptyString }, {});
export const SlugParams = struct("params", { slug: NonEmptyString }, {});
export const EventKeyParams = struct("params", { eventKey: t.string }, {});

export const ListRunsQuery = struct(
  "runs query",
  {},
  {
    function_id: described(NonEmptyString, "a function's slug or id"),
    status: Statuses,
    started_after: described(Time, "RFC 3339: runs created at or after"),
    started_before: described(Time, "RFC 3339: runs created at or before"),
    cursor: described(NonEmptyString, "metadata.cursor of the previous page"),
    limit: Limit,
  },
);
export type ListRunsQuery = t.TypeOf<typeof ListRunsQuery>;

export const ListEventsQuery = struct(
  "events query",
  {},
  {
    name: described(NonEmptyString, "only events with exactly this name"),
    received_after: described(Time, "RFC 3339: events received at or after"),
    received_before: described(Time, "RFC 3339: events received at or before"),
    cursor: described(NonEmptyString, "metadata.cursor of the previous page"),
    limit: Limit,
  },
);
export type ListEventsQuery = t.TypeOf<typeof ListEventsQuery>;

export const EmptyQuery = struct("query", {}, {});

export const CancelRunRequest = struct(
  "cancel request",
  {},
  { reason: described(t.string, "kept in the run's cancellation record") },
);
export const CancelRunBody = optionalBody(CancelRunRequest);

export const CancellationBody = struct(
  "bulk cancellation",
  {
    app_id: NonEmptyString,
    function_id: described(NonEmptyString, "the function's id or slug"),
    started_before: described(Time, "RFC 3339; not in the future"),
  },
  {
    started_after: t.union([Time, t.null]),
    if: t.union([CelExpression, t.null]),
    dry_run: described(t.boolean, "count the runs, cancel none"),
  },
);
export type CancellationBody = t.TypeOf<typeof CancellationBody>;

export const ReplaysBody = struct(
  "bulk replay",
  { function_id: described(NonEmptyString, "the function's id or slug") },
  {
    started_after: Time,
    started_before: Time,
    status: described(Statuses, "statuses of the runs to replay (ended ones); default Cancelled"),
  },
);
export type ReplaysBody = t.TypeOf<typeof ReplaysBody>;

export const RescheduleRequest = struct(
  "reschedule request",
  {
    until: described(
      Time,
      "RFC 3339: the sleeping run's new wake-up; a past time wakes it at once",
    ),
  },
  {},
);
export type RescheduleRequest = t.TypeOf<typeof RescheduleRequest>;

export const PauseRequest = struct(
  "pause request",
  {},
  { cancel_running: described(t.boolean, "cancel the running runs instead of holding them") },
);
export const PauseBody = optionalBody(PauseRequest);
export const EmptyBody = optionalBody(struct("empty body", {}, {}));
