export { createEngine } from "./engine";
export { realClock, virtualClock } from "./clock";
export type { Engine, EngineOptions, FunctionView, ListRunsQuery } from "./engine";
export type { ReplayFilter } from "./operations/replay";
export type { Clock, VirtualClock } from "./clock";
