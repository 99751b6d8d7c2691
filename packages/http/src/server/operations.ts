import type {
  BulkCancellationRequest,
  BulkCancellationView,
  FunctionView,
  PauseResult,
  ReplayFilter,
  ReplayResult,
  ResumeResult,
  RunView,
} from "@quell/core";
import type { Engine } from "@quell/engine";
import { type Either, left, right } from "fp-ts/lib/Either.js";
import type { HttpError } from "./http-error";

export type { BulkCancellationRequest, BulkCancellationView, ReplayFilter };

/**
 * The engine's operations (SPEC §2) as the HTTP layer calls them: the engine's own TypeScript
 * API (camelCase options). Declared here so the server can be written against them before every
 * engine has them; `Engine` satisfies it structurally.
 */
export interface OperationsApi {
  createCancellation(request: BulkCancellationRequest): Promise<BulkCancellationView>;
  getCancellation(id: string): Promise<BulkCancellationView | null>;
  listCancellations(): Promise<readonly BulkCancellationView[]>;
  stopCancellation(id: string): Promise<BulkCancellationView>;
  replayRun(id: string): Promise<RunView>;
  replayRuns(filter: ReplayFilter): Promise<ReplayResult>;
  pauseFunction(slug: string, options: { readonly cancelRunning?: boolean }): Promise<PauseResult>;
  resumeFunction(slug: string): Promise<ResumeResult>;
  /** Which functions are paused (the engine's own view carries more; only these fields are read). */
  functions(): Promise<readonly FunctionView[]>;
}

/** What the server needs from an engine: the core operations, and the others where present. */
export type ServerEngine = Engine & Partial<OperationsApi>;

/** An operation bound to the engine, or 501 when this engine does not offer it. */
export const operation = <K extends keyof OperationsApi>(
  engine: ServerEngine,
  name: K,
): Either<HttpError, OperationsApi[K]> => {
  const method = engine[name];
  if (typeof method !== "function") {
    return left({ _tag: "NotImplemented", message: `this engine does not support ${name} yet` });
  }
  return right(method.bind(engine) as OperationsApi[K]);
};
