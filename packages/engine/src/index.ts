export type { Clock, VirtualClock } from "./clock";
export { realClock, virtualClock } from "./clock";
export type {
  Engine,
  EngineHealth,
  EngineOptions,
  HealthCheck,
  ListRunsQuery,
  RunsPage,
} from "./engine";
export { createEngine } from "./engine";
export type { EngineError } from "./errors";
export { DEFAULT_LEASE_MS, leaseProblem, renewalInterval } from "./leases";
export type { RetentionOptions } from "./retention";
