// The lease durations are the core's (the engine's `leaseMs` option is checked against them).
export { DEFAULT_LEASE_MS, leaseProblem, renewalInterval } from "@quell/core";
export type { Clock, VirtualClock } from "./clock";
export { realClock, virtualClock } from "./clock";
export { createEngine } from "./engine";
export type {
  Engine,
  EngineHealth,
  EngineOptions,
  HealthCheck,
  ListRunsQuery,
  RunsPage,
  SendOptions,
} from "./engine-api";
export type { EngineError } from "./errors";
export type { EventQueries, EventsPage, ListEventsQuery } from "./event-queries";
export type { FunctionHost, HostRequest } from "./function-host";
export type { EnginePartition } from "./partitions/ownership";
export { partitionOf, partitionOfId } from "./partitions/partition-of";
export {
  createPartitionedEngine,
  type PartitionedEngineOptions,
} from "./partitions/partitioned-engine";
export type { RetentionOptions } from "./retention";
export type { SyncResult } from "./sync-app";
