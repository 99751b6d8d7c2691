/** What `replayRuns` takes; the core's, re-exported so engine users need not import it. */
export type { ReplayFilter } from "@quell/core";
export type { Clock, VirtualClock } from "./clock";
export { realClock, virtualClock } from "./clock";
export type {
  Engine,
  EngineHealth,
  EngineOptions,
  HealthCheck,
  ListRunsQuery,
} from "./engine";
export { createEngine } from "./engine";
export type { EngineError } from "./errors";
export { DEFAULT_LEASE_MS, leaseProblem } from "./leases";
export type { RetentionOptions } from "./retention";
