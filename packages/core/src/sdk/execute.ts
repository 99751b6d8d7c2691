import type { EventInput } from "../codecs/event";
import type { Op } from "../codecs/ops";
import type { Run } from "../codecs/run";
import { toJson } from "../codecs/to-json";
import { isNonRetriable, isQuellError, serializeError } from "./errors";
import { createStepTools } from "./step-tools";
import type { HandlerEvent, Logger, QuellFunction } from "./types";

export interface ExecutionRequest {
  readonly fn: QuellFunction;
  readonly run: Pick<Run, "id" | "event" | "events" | "steps" | "attempt">;
  /** The step whose start was committed: the only one this execution may run. */
  readonly allowStep: string | null;
  /** The time the execution began, for relative sleeps and wait timeouts. */
  readonly now: number;
  readonly signal: AbortSignal;
  readonly logger: Logger;
}

/**
 * One execution of a handler: replay it from the top with memoised steps, and stop at the first
 * step that needs the engine, reporting exactly one op. The handler's own promise is abandoned
 * there (it never settles), as the seeds' SDK does.
 */
export const executeHandler = (request: ExecutionRequest): Promise<Op> =>
  new Promise<Op>((resolve) => {
    // The first op reported settles the promise; later calls of `resolve` change nothing.
    const report: (op: Op) => void = resolve;
    const step = createStepTools(request, report);
    const ctx = {
      event: request.run.event as HandlerEvent,
      events: request.run.events as readonly HandlerEvent[],
      step,
      runId: request.run.id,
      attempt: request.run.attempt,
      logger: request.logger,
      // Read when the handler reads it: the engine creates its AbortController only then.
      get signal(): AbortSignal {
        return request.signal;
      },
    };
    Promise.resolve()
      .then(() => request.fn.handler(ctx))
      .then(
        (output) => report({ op: "RunComplete", output: toJson(output) }),
        (error: unknown) =>
          report({
            op: "RunError",
            error: serializeError(error),
            retriable: !(isNonRetriable(error) || isQuellError(error, "StepFailedError")),
          }),
      );
  });

export type { EventInput };
