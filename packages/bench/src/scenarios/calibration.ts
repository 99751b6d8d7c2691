import { randomSource, stopwatch } from "../harness/timing";
import type { ScenarioResult } from "../types";

/**
 * What one random `Map.get` costs on this machine with 1,000 and with 1,000,000 string keys:
 * the first stays in cache, the second misses it. Every lookup the store makes is one of
 * these, so the pair puts the other rows in proportion across machines.
 */
export const calibrationTask = async (): Promise<ScenarioResult> => {
  const rows = [1_000, 1_000_000].map((size) => {
    const keys = Array.from(
      { length: size },
      (_, i) => `01HK153X00${(1e15 + i * 7919).toString(36)}`,
    );
    const map = new Map(keys.map((key, i) => [key, i]));
    const random = randomSource(size);
    const order = Array.from({ length: 1_000_000 }, () => keys[Math.floor(random() * size)] ?? "");
    let sum = 0;
    const measure = stopwatch();
    for (const key of order) sum += map.get(key) ?? 0;
    const elapsed = measure();
    if (sum < 0) throw new Error("unreachable");
    const label = size === 1_000 ? "1k" : "1m";
    return {
      name: `calibration_map_get_ns_${label}`,
      value: Math.round(elapsed.cpu / order.length),
      unit: "ns/get",
    };
  });
  return { rows, points: [], notes: [] };
};
