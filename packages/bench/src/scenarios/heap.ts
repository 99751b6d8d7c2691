import { normalizeEvent } from "@quell/core";
import { monotonicFactory } from "ulid";
import { created, sleeper, T0 } from "../fixtures";
import { startEngine } from "../harness/engine";
import { collectGarbage } from "../harness/timing";
import type { ScenarioResult } from "../types";

/** Heap in use after a full GC. */
export const heapUsed = (): number => {
  collectGarbage();
  return process.memoryUsage().heapUsed;
};

/**
 * Heap per sleeping run: `runs` runs created through the engine (`send`, execute, commit the
 * sleep) on the memory store, measured after GC, minus what their trigger payloads alone
 * take (the same payloads built the same way, held in an array). What is left is the run, its
 * listener, index entries, timer, ordering keys and the event log's record of its trigger.
 */
export const heapTask = async (runs: number, batch: number): Promise<ScenarioResult> => {
  const before = heapUsed();
  const { engine, stop } = await startEngine([sleeper]);
  const sampled: string[] = [];
  for (let i = 0; i < runs; i += batch) {
    const events = [];
    for (let j = i; j < Math.min(runs, i + batch); j++) events.push(created(j));
    const { ids } = await engine.send(events);
    sampled.push(ids[0] ?? "");
    await engine.idle();
  }
  const withRuns = heapUsed() - before;
  for (const id of sampled) {
    const [run] = await engine.runsForEvent(id);
    if (run?.status !== "Sleeping") throw new Error(`heap: run of ${id} is ${run?.status}`);
  }
  const payloadBytes = measurePayloads(runs);
  await stop();
  const perRun = withRuns / runs - payloadBytes;
  return {
    rows: [{ name: "heap_bytes_per_sleeping_run", value: Math.round(perRun), unit: "bytes" }],
    points: [],
    notes: [
      `heap: ${runs} sleeping runs took ${(withRuns / 1e6).toFixed(1)} MB; payloads alone ${payloadBytes.toFixed(0)} B each`,
    ],
  };
};

/** Bytes per trigger payload, as `normalizeEvent` builds it with a ULID id (array slot excluded). */
export const measurePayloads = (count: number): number => {
  const ulid = monotonicFactory();
  const held: unknown[] = new Array(count);
  const before = heapUsed();
  for (let i = 0; i < count; i++) held[i] = normalizeEvent(created(i), ulid(T0), T0);
  const after = heapUsed();
  if (held.length !== count) throw new Error("unreachable");
  return (after - before) / count;
};
