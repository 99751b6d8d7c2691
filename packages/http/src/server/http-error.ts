import {
  CancellationNotFoundError,
  FunctionNotFoundError,
  QuellEventError,
  QuellValidationError,
  RunConflictError,
  RunNotFoundError,
} from "@quell/core";
import { UnsupportedCharsetError } from "./content-type";

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
};

export const invalidInput = (path: string, message: string, position?: number): HttpError => ({
  _tag: "InvalidInput",
  path,
  message,
  ...(position === undefined ? {} : { position }),
});
export const notFound = (message: string): HttpError => ({ _tag: "NotFound", message });
export const unauthorized = (message: string): HttpError => ({ _tag: "Unauthorized", message });

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

/**
 * The one place where thrown errors become HTTP errors: the engine's errors (validation → 400
 * with the field and CEL position, not found → 404, conflict → 409) and the framework's (body
 * too large, wrong content type, malformed JSON). `fieldsIn` prefixes engine field names with
 * where the route read them from (`body`, `query`). Anything else is a genuine server fault.
 */
export const fromThrown = (
  error: unknown,
  options: { readonly bodyLimit: number; readonly fieldsIn?: string },
): HttpError => {
  // The engine names its TypeScript options (camelCase); the wire's name is their snake_case.
  const prefix = (field: string): string =>
    options.fieldsIn === undefined || field === options.fieldsIn
      ? field
      : `${options.fieldsIn}.${field.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)}`;
  if (error instanceof QuellEventError) {
    return invalidInput(error.path, error.message.slice(error.path.length + 2));
  }
  if (error instanceof QuellValidationError) {
    const head = `${error.field}: `;
    const message = error.message.startsWith(head)
      ? error.message.slice(head.length)
      : error.message;
    const bare =
      error.position === undefined ? message : message.replace(/ \(at position \d+\)$/, "");
    return invalidInput(prefix(error.field), bare, error.position);
  }
  if (
    error instanceof RunNotFoundError ||
    error instanceof FunctionNotFoundError ||
    error instanceof CancellationNotFoundError
  ) {
    return notFound(error.message);
  }
  if (error instanceof RunConflictError) return { _tag: "Conflict", message: error.message };
  if (error instanceof UnsupportedCharsetError) {
    return { _tag: "UnsupportedMediaType", message: error.message };
  }
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
  return { _tag: "Internal", message: "internal server error", cause: error };
};
