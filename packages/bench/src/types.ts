/** One row of `bench/results/latest.json`. */
export interface Row {
  readonly name: string;
  readonly value: number;
  readonly unit: string;
}

/** `full` is `pnpm bench`; `quick` is `pnpm bench --quick` (smaller sizes, fewer samples). */
export type Mode = "full" | "quick";

/** One point of the chart: cost per event against pending listeners. */
export interface ChartPoint {
  readonly series: "indexed" | "fallback";
  readonly pending: number;
  readonly nsPerEvent: number;
}

/** What a scenario hands back to the harness. */
export interface ScenarioResult {
  readonly rows: readonly Row[];
  readonly points: readonly ChartPoint[];
  /** Lines worth reading next to the table (what was measured, sanity checks). */
  readonly notes: readonly string[];
}
