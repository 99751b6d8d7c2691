// The bench is a program (`pnpm bench`); these are the pieces another adapter's benchmark reuses.
export { type StoreAdapter, storeAdapters } from "./harness/stores";
export { renderChart } from "./report/chart";
export type { HttpSettings } from "./scenarios/http";
export type { Task } from "./scenarios/index";
export { tasksFor } from "./scenarios/index";
export type { RemoteSettings } from "./scenarios/remote";
export type { TakeoverSettings } from "./scenarios/takeover";
export type { WakeSettings } from "./scenarios/wake";
export type { Seeded } from "./seed";
export { createSeeder } from "./seed";
export type { Settings } from "./settings";
export { settingsFor } from "./settings";
export type { ChartPoint, Mode, Row, ScenarioResult } from "./types";
