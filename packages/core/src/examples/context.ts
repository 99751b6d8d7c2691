import type { Logger } from "../sdk/types";

/**
 * What the examples' services receive from the step that calls them: the step's abort signal
 * (aborted when a cancellation commits while the step runs) and the run's logger.
 */
export interface ServiceContext {
  readonly signal: AbortSignal;
  readonly logger: Logger;
}

/** A `timeout` for a cancelOn entry, when one is given (the guide's tip; SPEC R4). */
export const withTimeout = (timeout: string | undefined): { readonly timeout?: string } =>
  timeout === undefined ? {} : { timeout };
