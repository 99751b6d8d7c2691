import { cancelledAny, looseSleeper } from "../fixtures";
import type { ScenarioResult } from "../types";
import { timeMatching } from "./match";

/**
 * The fallback: an expression with no equality every match implies (here list membership)
 * cannot be indexed, so each event evaluates every listener of its name. Reported as measured: it grows
 * with the number of pending listeners.
 */
export const fallbackTask = async (
  pending: number,
  events: number,
  warmupEvents: number,
): Promise<ScenarioResult> => {
  // Each event evaluates every listener: a few events warm the evaluation up as much as
  // thousands of indexed ones do.
  const warmup = Math.max(5, Math.ceil(warmupEvents / pending));
  const { cpu, wall } = await timeMatching({
    fn: looseSleeper,
    event: cancelledAny,
    pending,
    events,
    warmup,
  });
  return {
    rows: [
      {
        name: `nonindexed_ns_per_event_P${pending}`,
        value: Math.round(cpu.mean),
        unit: "ns/event",
      },
    ],
    points: [{ series: "fallback", pending, nsPerEvent: cpu.mean }],
    notes: [
      `fallback P=${pending}: cpu ${(cpu.mean / 1e6).toFixed(2)} ms per event, wall p50 ${(wall.p50 / 1e6).toFixed(2)} ms (${(cpu.mean / pending).toFixed(0)} ns per listener evaluated)`,
    ],
  };
};
