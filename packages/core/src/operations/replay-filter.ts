import type { RunStatus } from "../codecs/run";
import type { TimeInput } from "./time-field";

/**
 * Which ended runs `replayRuns` replays (SPEC §4.6), as the TypeScript API takes it: the wire's
 * fields in camelCase, times as a Date, an ISO string or epoch ms.
 */
export interface ReplayFilter {
  /** The function's id or slug. */
  readonly functionId: string;
  /** Runs created at or after. */
  readonly startedAfter?: TimeInput;
  /** Runs created at or before. */
  readonly startedBefore?: TimeInput;
  /** Status (or statuses) of the runs to replay; default `Cancelled`. */
  readonly status?: RunStatus | readonly RunStatus[];
}
