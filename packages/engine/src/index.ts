export { createEngine } from "./engine";
export { realClock, virtualClock } from "./clock";
export type { Engine, EngineOptions, ListRunsQuery } from "./engine";
export type { Clock, VirtualClock } from "./clock";
