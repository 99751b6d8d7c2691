import {
  type QuellError,
  type StoreUnavailableError,
  type StoreUnavailableReason,
  tagOf,
} from "@quell/core";
import type { RedisStoreError } from "@quell/redis";
import type { UnsupportedCharsetError } from "./content-type";

/** Everything an HTTP request can fail with: a closed union, turned into a response only here. */
export type HttpError =
  | {
      readonly _tag: "InvalidInput";
      readonly path: string;
      readonly message: string;
      readonly position?: number;
    }
  | { readonly _tag: "Unauthorized"; readonly message: string }
  | { readonly _tag: "Forbidden"; readonly message: string }
  | { readonly _tag: "NotFound"; readonly message: string }
  | { readonly _tag: "Conflict"; readonly message: string }
  | { readonly _tag: "PayloadTooLarge"; readonly message: string }
  | { readonly _tag: "UnsupportedMediaType"; readonly message: string }
  | { readonly _tag: "NotImplemented"; readonly message: string }
  /** A server Quell called on the request's behalf (an SDK app) did not answer as it should. */
  | { readonly _tag: "BadGateway"; readonly message: string }
  /** The store is unreachable, not answering or full: try again after `retryAfterSeconds`. */
  | {
      readonly _tag: "Unavailable";
      readonly message: string;
      readonly retryAfterSeconds: number;
    }
  | { readonly _tag: "Internal"; readonly message: string; readonly cause: unknown };

/** The body of every error response: `{ error, status }`, plus where the input was wrong. */
export interface ErrorBody {
  readonly error: string;
  readonly status: number;
  readonly path?: string;
  readonly position?: number;
}

const STATUS: Record<HttpError["_tag"], number> = {
  InvalidInput: 400,
  Unauthorized: 401,
  Forbidden: 403,
  NotFound: 404,
  Conflict: 409,
  PayloadTooLarge: 413,
  UnsupportedMediaType: 415,
  Internal: 500,
  NotImplemented: 501,
  BadGateway: 502,
  Unavailable: 503,
};

/**
 * When to try again, by why the store is unavailable: a full store needs an operator (or
 * retention) to make room, the others usually come back within the client's reconnection
 * backoff (at most a second between attempts).
 */
const RETRY_AFTER_SECONDS: Record<StoreUnavailableReason, number> = {
  unreachable: 1,
  timeout: 1,
  refusing: 1,
  full: 30,
};

/** 503 for a store that is unavailable, with when to try again. */
export const unavailable = (error: StoreUnavailableError): HttpError => ({
  _tag: "Unavailable",
  message: error.message,
  retryAfterSeconds: RETRY_AFTER_SECONDS[error.reason],
});

/** Headers an error response carries besides its body: `Retry-After` on a 503. */
export const headersOf = (error: HttpError): Readonly<Record<string, string>> =>
  error._tag === "Unavailable" ? { "retry-after": String(error.retryAfterSeconds) } : {};

export const invalidInput = (path: string, message: string, position?: number): HttpError => ({
  _tag: "InvalidInput",
  path,
  message,
  ...(position === undefined ? {} : { position }),
});
export const notFound = (message: string): HttpError => ({ _tag: "NotFound", message });
export const unauthorized = (message: string): HttpError => ({ _tag: "Unauthorized", message });
const internal = (cause: unknown): HttpError => ({
  _tag: "Internal",
  message: "internal server error",
  cause,
});

export const statusOf = (error: HttpError): number => STATUS[error._tag];

export const toErrorBody = (error: HttpError): ErrorBody => {
  const status = STATUS[error._tag];
  if (error._tag !== "InvalidInput") return { error: error.message, status };
  const where = error.position === undefined ? "" : ` (at position ${error.position})`;
  return {
    error: `${error.path}: ${error.message}${where}`,
    status,
    path: error.path,
    ...(error.position === undefined ? {} : { position: error.position }),
  };
};

/** Fastify's own request errors, by code: what went wrong before a handler ran. */
const FRAMEWORK: Record<string, (limit: number) => HttpError> = {
  FST_ERR_CTP_BODY_TOO_LARGE: (limit) => ({
    _tag: "PayloadTooLarge",
    message: `request body is larger than the limit of ${limit} bytes`,
  }),
  FST_ERR_CTP_INVALID_MEDIA_TYPE: () => ({
    _tag: "UnsupportedMediaType",
    message: "unsupported Content-Type: send JSON with `Content-Type: application/json`",
  }),
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: () =>
    invalidInput("body", "the Content-Length header does not match the body"),
  FST_ERR_CTP_EMPTY_JSON_BODY: () => invalidInput("body", "the JSON body is empty"),
  FST_ERR_CTP_INVALID_JSON_BODY: () => invalidInput("body", "the body is not valid JSON"),
};

/** The tagged errors of the layers under the edge: core's (the engine's), stores', the parser's. */
type Thrown = QuellError | RedisStoreError | StoreUnavailableError | UnsupportedCharsetError;
type FieldPath = (field: string) => string;

/**
 * What every tagged error that an engine call or a request parser throws is on the wire, by
 * `_tag` (read from the error, so an error of another copy of @quell/core maps the same).
 */
const THROWN: {
  readonly [K in Thrown["_tag"]]: (error: Extract<Thrown, { _tag: K }>, at: FieldPath) => HttpError;
} = {
  QuellEventError: (error) => invalidInput(error.path, error.detail),
  QuellValidationError: (error, at) => invalidInput(at(error.field), error.detail, error.position),
  RunNotFoundError: (error) => notFound(error.message),
  FunctionNotFoundError: (error) => notFound(error.message),
  CancellationNotFoundError: (error) => notFound(error.message),
  RunConflictError: (error) => ({ _tag: "Conflict", message: error.message }),
  UnsupportedCharsetError: (error) => ({ _tag: "UnsupportedMediaType", message: error.message }),
  // Thrown by user code or `createFunction`, never by an engine operation: a fault if seen here.
  NonRetriableError: internal,
  StepFailedError: internal,
  QuellConfigError: internal,
  // The store cannot serve now (down, frozen, full): 503 with `Retry-After`.
  StoreUnavailable: (error) => unavailable(error),
  // The store broke (a reply or stored value that does not decode): a fault, logged.
  RedisStoreError: internal,
};

const THROWN_TAGS: ReadonlySet<string> = new Set(Object.keys(THROWN));

// `THROWN[error._tag]` is a union of functions, each taking its own kind: TypeScript cannot
// correlate it with `error`, so the lookup is typed once here.
const mapThrown = (error: Thrown, at: FieldPath): HttpError =>
  (THROWN[error._tag] as (error: Thrown, at: FieldPath) => HttpError)(error, at);

/**
 * The one place where thrown errors become HTTP errors: the tagged errors of `THROWN`
 * (validation → 400 with the field and CEL position, not found → 404, conflict → 409, store
 * unavailable → 503 with `Retry-After`) and the
 * framework's, by code (body too large, wrong content type, malformed JSON). `fieldsIn`
 * prefixes engine field names with where the route read them from (`body`, `query`). Anything
 * else is a genuine server fault.
 */
export const fromThrown = (
  error: unknown,
  options: { readonly bodyLimit: number; readonly fieldsIn?: string },
): HttpError => {
  // The engine names its TypeScript options (camelCase); the wire's name is their snake_case.
  const at: FieldPath = (field) =>
    options.fieldsIn === undefined || field === options.fieldsIn
      ? field
      : `${options.fieldsIn}.${field.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)}`;
  const tag = tagOf(error);
  if (tag !== undefined && THROWN_TAGS.has(tag)) return mapThrown(error as Thrown, at);
  if (typeof error === "object" && error !== null) {
    const { code, statusCode, message } = error as {
      code?: unknown;
      statusCode?: unknown;
      message?: unknown;
    };
    const known = typeof code === "string" ? FRAMEWORK[code] : undefined;
    if (known !== undefined) return known(options.bodyLimit);
    // Other client errors the framework raises (e.g. a malformed URL) keep their own words.
    if (typeof statusCode === "number" && statusCode >= 400 && statusCode < 500) {
      return invalidInput("request", typeof message === "string" ? message : "bad request");
    }
  }
  return internal(error);
};
