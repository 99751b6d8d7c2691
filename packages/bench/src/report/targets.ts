import type { Row } from "../types";

/** The targets: a row meets its target when `value` is on the right side of `bound`. */
export interface Target {
  readonly bound: number;
  readonly direction: "at most" | "at least";
}

export const targets: Readonly<Record<string, Target>> = {
  match_flatness: { bound: 3, direction: "at most" },
  cancels_per_s_P100000: { bound: 100_000, direction: "at least" },
  heap_bytes_per_sleeping_run: { bound: 1_024, direction: "at most" },
  runs_per_s_one_step: { bound: 20_000, direction: "at least" },
  // Quell on Redis beside BullMQ, measured in the same run (scenarios/redis-vs-bullmq.ts).
  redis_schedule_ratio_vs_bullmq: { bound: 1, direction: "at least" },
  redis_cancel_ratio_vs_bullmq: { bound: 1, direction: "at least" },
  redis_one_step_ratio_vs_bullmq: { bound: 1, direction: "at least" },
  redis_roundtrips_per_run: { bound: 3, direction: "at most" },
  redis_bytes_per_sleeping_run: { bound: 1_024, direction: "at most" },
};

export type Verdict = "met" | "missed" | "";

export const verdict = (row: Row): Verdict => {
  const target = targets[row.name];
  if (target === undefined) return "";
  const met =
    target.direction === "at most" ? row.value <= target.bound : row.value >= target.bound;
  return met ? "met" : "missed";
};

/** "≤ 3", "≥ 100,000" */
export const describeTarget = (name: string): string => {
  const target = targets[name];
  if (target === undefined) return "";
  return `${target.direction === "at most" ? "≤" : "≥"} ${target.bound.toLocaleString("en-US")}`;
};
