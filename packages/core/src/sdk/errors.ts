import type { SerializedError } from "../codecs/ops";

/** Throw from a step or handler to fail at once, without the remaining retries. */
export class NonRetriableError extends Error {
  override readonly name = "NonRetriableError";
}

// A functions file may import another copy of @quell/core than the engine runs (a global
// `quell`, two versions installed), so the engine recognises the error by a registered symbol
// on its prototype (not enumerable: it stays out of logs) as well as by `instanceof`.
const NON_RETRIABLE = Symbol.for("@quell/core/NonRetriableError");
Object.defineProperty(NonRetriableError.prototype, NON_RETRIABLE, { value: true });

/** True for a `NonRetriableError` of any copy of @quell/core. */
export const isNonRetriable = (error: unknown): boolean =>
  error instanceof NonRetriableError ||
  (typeof error === "object" && error !== null && NON_RETRIABLE in error);

/** Thrown by `step.run` when its step failed for good; the handler may catch it. */
export class StepFailedError extends Error {
  override readonly name = "StepFailedError";
  constructor(
    readonly stepId: string,
    readonly failure: SerializedError,
  ) {
    super(`step "${stepId}" failed: ${failure.message}`);
  }
}

/** Raised by `createFunction` for invalid configuration (SPEC R6). */
export class QuellConfigError extends Error {
  override readonly name = "QuellConfigError";
}

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

/** An event was rejected at ingestion (SPEC §5); `path` names the offending field. */
export class QuellEventError extends Error {
  override readonly name = "QuellEventError";
  constructor(
    readonly path: string,
    message: string,
  ) {
    super(`${path}: ${message}`);
  }
}

/** No run has this id (HTTP 404). */
export class RunNotFoundError extends Error {
  override readonly name = "RunNotFoundError";
  constructor(readonly runId: string) {
    super(`run ${runId} not found`);
  }
}

/** The run already completed or failed, so it cannot be cancelled (HTTP 409, SPEC R9). */
export class RunConflictError extends Error {
  override readonly name = "RunConflictError";
  constructor(
    readonly runId: string,
    readonly reason: string,
  ) {
    super(`run ${runId}: ${reason}`);
  }
}

/** A request to the engine was malformed; `field` names what was wrong (HTTP 400). */
export class QuellValidationError extends Error {
  override readonly name = "QuellValidationError";
  constructor(
    readonly field: string,
    message: string,
    readonly position?: number,
  ) {
    super(`${field}: ${message}${position === undefined ? "" : ` (at position ${position})`}`);
  }
}

/** No function has this id or slug (HTTP 404). */
export class FunctionNotFoundError extends Error {
  override readonly name = "FunctionNotFoundError";
  constructor(readonly functionId: string) {
    super(`function ${functionId} not found`);
  }
}

/** No bulk cancellation has this id (HTTP 404). */
export class CancellationNotFoundError extends Error {
  override readonly name = "CancellationNotFoundError";
  constructor(readonly cancellationId: string) {
    super(`cancellation ${cancellationId} not found`);
  }
}
