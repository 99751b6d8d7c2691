import type { Logger, Op, RemoteFunction, Run } from "@quell/core";

/** One execution of a function: the run as committed, and the step it may start. */
export interface HostRequest<F> {
  readonly fn: F;
  readonly run: Run;
  /** The step whose start was committed: the only one this execution may run. */
  readonly allowStep: string | null;
  /** When the execution began, for relative sleeps and wait timeouts. */
  readonly now: number;
  /** Aborted when the run is cancelled or its lease lost while this execution runs. */
  readonly signal: AbortSignal;
  readonly logger: Logger;
}

/**
 * Where a function's code runs. The engine asks for one execution and gets one op back, the
 * vocabulary of SPEC §2, whether the code runs in this process (`executeHandler`) or in an app
 * the official SDK serves over HTTP. A host answers every failure as an op (a retriable error
 * for a network failure): it never rejects, so no run is lost.
 */
export interface FunctionHost<F = RemoteFunction> {
  execute(request: HostRequest<F>): Promise<Op>;
}
