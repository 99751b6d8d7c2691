import type { BulkCancellationView, FunctionView, RunStatus, RunView } from "@quell/core";

export type { BulkCancellationView };

import type { Engine } from "@quell/engine";
import { type Either, left, right } from "fp-ts/lib/Either.js";
import type { HttpError } from "./http-error";

export interface CancellationRequest {
  readonly app_id: string;
  readonly function_id: string;
  readonly started_after?: string;
  readonly started_before: string;
  readonly if?: string;
  readonly dry_run?: boolean;
}

export interface ReplayFilter {
  readonly function_id: string;
  readonly started_after?: string;
  readonly started_before?: string;
  readonly status?: RunStatus | readonly RunStatus[];
}

/**
 * The engine's operations (SPEC §2) as the HTTP layer calls them. Declared here so the server
 * can be written against them before every engine has them; `Engine` satisfies it structurally.
 */
export interface OperationsApi {
  createCancellation(request: CancellationRequest): Promise<BulkCancellationView>;
  getCancellation(id: string): Promise<BulkCancellationView | null>;
  listCancellations(): Promise<readonly BulkCancellationView[]>;
  stopCancellation(id: string): Promise<BulkCancellationView>;
  replayRun(id: string): Promise<RunView>;
  replayRuns(filter: ReplayFilter): Promise<{ count: number; run_ids: readonly string[] }>;
  pauseFunction(
    slug: string,
    options: { readonly cancelRunning?: boolean },
  ): Promise<{ function_id: string; paused: true; cancelled: number }>;
  resumeFunction(slug: string): Promise<{ function_id: string; paused: false; resumed: number }>;
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
