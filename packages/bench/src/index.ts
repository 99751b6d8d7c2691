// The bench is a program (`pnpm bench`); these are the pieces another adapter's benchmark reuses.
export { type StoreAdapter, storeAdapters } from "./harness/stores";
export { renderChart } from "./report/chart";
export type { Task } from "./scenarios/index";
export { tasksFor } from "./scenarios/index";
export { createSeeder } from "./seed";
export type { Settings } from "./settings";
export { settingsFor } from "./settings";
export type { ChartPoint, Mode, Row, ScenarioResult } from "./types";
