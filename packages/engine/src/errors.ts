import type { QuellError } from "@quell/core";

/**
 * What the engine's operations reject with besides a store's own failure: core's errors, told
 * apart by `_tag` with `isQuellError` (works for any copy of @quell/core). The engine adds no
 * error kind of its own; the HTTP server maps each tag to a status (`fromThrown`).
 *
 * | tag | thrown by |
 * |---|---|
 * | `QuellEventError` | `send` (a rejected event, SPEC §5) |
 * | `QuellValidationError` | `createCancellation`, `replayRuns`, `listRuns` (foreign cursor), `rescheduleRun` (`until`) |
 * | `RunNotFoundError` | `cancelRun`, `replayRun`, `rescheduleRun` |
 * | `RunConflictError` | `cancelRun` of a completed or failed run (R9); `replayRun` of a live run; `rescheduleRun` of a run that does not sleep |
 * | `FunctionNotFoundError` | `pauseFunction`, `resumeFunction` |
 * | `CancellationNotFoundError` | `stopCancellation` |
 */
export type EngineError = Extract<
  QuellError,
  {
    readonly _tag:
      | "QuellEventError"
      | "QuellValidationError"
      | "RunNotFoundError"
      | "RunConflictError"
      | "FunctionNotFoundError"
      | "CancellationNotFoundError";
  }
>;
