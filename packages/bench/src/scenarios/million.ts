import { cancelled, sleeper } from "../fixtures";
import { startEngine } from "../harness/engine";
import { createPool, expectCancelled } from "../harness/pool";
import type { ScenarioResult } from "../types";
import { heapUsed, measurePayloads } from "./heap";

/** Runs cancelled at the end, to show the engine still works at this size. */
const CANCELLED = 10;
/** Payloads built to measure one payload's size (enough for a steady mean). */
const PAYLOAD_SAMPLE = 100_000;

const mb = (bytes: number): string => (bytes / 1e6).toFixed(1);

/**
 * `runs` sleeping runs in one process (issue 14: a million): an engine on the memory store, the
 * runs seeded into its store (`src/seed.ts`: the core functions the engine calls, without the
 * handler executions; through `send` a million would take minutes), then the heap after GC.
 * `CANCELLED` random runs are then cancelled by an event through the engine, each checked.
 */
export const millionTask = async (runs: number): Promise<ScenarioResult> => {
  const before = heapUsed();
  const { engine, store, stop } = await startEngine([sleeper]);
  const pool = await createPool(store, sleeper, runs);
  const held = heapUsed() - before;
  const targets = pool.take(CANCELLED);
  await engine.send(targets.map((target) => cancelled(target.index)));
  await expectCancelled(engine, targets);
  await stop();
  const payloadBytes = measurePayloads(Math.min(runs, PAYLOAD_SAMPLE));
  const perRun = held / runs - payloadBytes;
  return {
    rows: [
      { name: `heap_mb_sleeping_P${runs}`, value: Math.round(held / 1e6), unit: "MB" },
      {
        name: `heap_bytes_per_seeded_run_P${runs}`,
        value: Math.round(perRun),
        unit: "bytes",
      },
    ],
    points: [],
    notes: [
      `heap P=${runs}: ${mb(held)} MB after GC for ${runs} seeded sleeping runs (payloads ${payloadBytes.toFixed(0)} B each included); ${CANCELLED} cancelled by event through the engine`,
    ],
  };
};
