import type { SerializedError } from "../codecs/ops";
import { INVOKE_CANCELLED_MESSAGE } from "../invoke/invoke-result";
import type { CancellationView } from "../views/cancellation-view";

// Every error @quell/core throws carries a `_tag`, an own property that says what it is. Code
// that recognises an error reads the tag (`isQuellError`), never `instanceof`: a functions file
// may import another copy of @quell/core than the engine runs (a global `quell`, two versions
// installed), and that copy's classes are other classes with the same tags. The structured
// fields (`field`, `detail`, `position`, `runId`, …) carry what callers need, so nobody parses
// `message`, which is for people.

/** Throw from a step or handler to fail at once, without the remaining retries. */
export class NonRetriableError extends Error {
  readonly _tag = "NonRetriableError";
  override readonly name = "NonRetriableError";
}

/** Thrown by `step.run` when its step failed for good; the handler may catch it. */
export class StepFailedError extends Error {
  readonly _tag = "StepFailedError";
  override readonly name = "StepFailedError";
  constructor(
    readonly stepId: string,
    readonly failure: SerializedError,
  ) {
    super(`step "${stepId}" failed: ${failure.message}`);
  }
}

/**
 * Thrown by `step.invoke` when the run it invoked was cancelled: non-retriable (a
 * `NonRetriableError`, tag included), carrying the child's cancellation record as the API shows
 * it. The handler may catch it; otherwise the run fails at once.
 */
export class InvokeCancelledError extends NonRetriableError {
  constructor(
    readonly stepId: string,
    readonly cancellation: CancellationView,
  ) {
    super(INVOKE_CANCELLED_MESSAGE);
  }
}

/** Raised by `createFunction` for invalid configuration (SPEC R6). */
export class QuellConfigError extends Error {
  readonly _tag = "QuellConfigError";
  override readonly name = "QuellConfigError";
}

/** An event was rejected at ingestion (SPEC §5); `path` names the offending field. */
export class QuellEventError extends Error {
  readonly _tag = "QuellEventError";
  override readonly name = "QuellEventError";
  constructor(
    readonly path: string,
    /** What is wrong with it, without the path. */
    readonly detail: string,
  ) {
    super(`${path}: ${detail}`);
  }
}

/** A request to the engine was malformed; `field` names what was wrong (HTTP 400). */
export class QuellValidationError extends Error {
  readonly _tag = "QuellValidationError";
  override readonly name = "QuellValidationError";
  constructor(
    readonly field: string,
    /** What is wrong with it, without the field or the position. */
    readonly detail: string,
    /** Where in an expression (CEL), from 0. */
    readonly position?: number,
  ) {
    super(`${field}: ${detail}${position === undefined ? "" : ` (at position ${position})`}`);
  }
}

/** What a store throws for a `listRuns` cursor it did not issue (HTTP 400 naming `cursor`). */
export const invalidCursor = (): QuellValidationError =>
  new QuellValidationError("cursor", "not a cursor this store issued");

/** No run has this id (HTTP 404). */
export class RunNotFoundError extends Error {
  readonly _tag = "RunNotFoundError";
  override readonly name = "RunNotFoundError";
  constructor(readonly runId: string) {
    super(`run ${runId} not found`);
  }
}

/** The run's state refuses the request, e.g. cancelling a completed run (HTTP 409, SPEC R9). */
export class RunConflictError extends Error {
  readonly _tag = "RunConflictError";
  override readonly name = "RunConflictError";
  constructor(
    readonly runId: string,
    readonly reason: string,
  ) {
    super(`run ${runId}: ${reason}`);
  }
}

/** No function has this id or slug (HTTP 404). */
export class FunctionNotFoundError extends Error {
  readonly _tag = "FunctionNotFoundError";
  override readonly name = "FunctionNotFoundError";
  constructor(readonly functionId: string) {
    super(`function ${functionId} not found`);
  }
}

/** No bulk cancellation has this id (HTTP 404). */
export class CancellationNotFoundError extends Error {
  readonly _tag = "CancellationNotFoundError";
  override readonly name = "CancellationNotFoundError";
  constructor(readonly cancellationId: string) {
    super(`cancellation ${cancellationId} not found`);
  }
}

/** Everything @quell/core (and the engine's operations, which throw core's errors) can throw. */
export type QuellError =
  | NonRetriableError
  | StepFailedError
  | QuellConfigError
  | QuellEventError
  | QuellValidationError
  | RunNotFoundError
  | RunConflictError
  | FunctionNotFoundError
  | CancellationNotFoundError;

export type QuellErrorTag = QuellError["_tag"];

// A record, so that adding a class to the union without its tag here does not compile.
const TAGS: { readonly [K in QuellErrorTag]: true } = {
  NonRetriableError: true,
  StepFailedError: true,
  QuellConfigError: true,
  QuellEventError: true,
  QuellValidationError: true,
  RunNotFoundError: true,
  RunConflictError: true,
  FunctionNotFoundError: true,
  CancellationNotFoundError: true,
};

/** The `_tag` of a thrown value, if it has a string one. */
export const tagOf = (error: unknown): string | undefined => {
  if (typeof error !== "object" || error === null || !("_tag" in error)) return undefined;
  return typeof error._tag === "string" ? error._tag : undefined;
};

/**
 * A `QuellError` of any copy of @quell/core, recognised by its `_tag`; `tag` narrows to one kind.
 *
 * @example
 * if (isQuellError(error, "RunNotFoundError")) reply(404, error.message);
 */
export function isQuellError(error: unknown): error is QuellError;
export function isQuellError<T extends QuellErrorTag>(
  error: unknown,
  tag: T,
): error is Extract<QuellError, { readonly _tag: T }>;
export function isQuellError(error: unknown, tag?: QuellErrorTag): boolean {
  const found = tagOf(error);
  return found !== undefined && Object.hasOwn(TAGS, found) && (tag === undefined || found === tag);
}

/** True for a `NonRetriableError` of any copy of @quell/core. */
export const isNonRetriable = (error: unknown): boolean => isQuellError(error, "NonRetriableError");

export const serializeError = (error: unknown): SerializedError => {
  if (error instanceof Error) {
    return {
      name: error.name,
      message: error.message,
      ...(error.stack ? { stack: error.stack } : {}),
    };
  }
  return {
    name: "Error",
    message: typeof error === "string" ? error : (JSON.stringify(error) ?? "unknown error"),
  };
};
