import type { Logger, QuellFunction } from "@quell/core";
import { createEngine, type Engine } from "@quell/engine";
import { createServer, remoteHost } from "@quell/http";
import { memoryStore } from "@quell/memory";
import { startApp } from "@quell/sdk-compat";
import { oneStep, TASK_REQUESTED } from "../fixtures";
import { nowNs } from "../harness/timing";
import type { ScenarioResult } from "../types";

export interface RemoteSettings {
  /** Runs for the throughput, sent `batch` at a time (the engine's default concurrency, 100). */
  readonly runs: number;
  readonly batch: number;
  /** One-step runs timed one at a time, for the latency (after as many untimed). */
  readonly latencyRuns: number;
}

const quiet: Logger = {
  info: () => {},
  debug: () => {},
  warn: () => {},
  error: (...args: unknown[]) => console.error(...args),
};

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
};

/** An engine on the memory store and the real clock, behind a dev server on a free port. */
const serverWith = async (functions: readonly QuellFunction[]) => {
  const engine = createEngine({
    functions,
    store: memoryStore(),
    logger: quiet,
    remote: remoteHost({ timeoutMs: 30_000 }),
    retention: false,
  });
  const server = createServer({ engine, functions, mode: "dev" });
  await engine.start();
  const url = await server.listen({ port: 0 });
  return {
    engine,
    url,
    stop: async () => {
      await server.close();
      await engine.stop();
    },
  };
};

/** Wall ms of each of `count` one-step runs, one at a time (send, then idle). */
const latencies = async (engine: Engine, count: number): Promise<number[]> => {
  const ms: number[] = [];
  for (let n = 0; n < 2 * count; n++) {
    const start = nowNs();
    await engine.send({ name: TASK_REQUESTED, data: { n } });
    await engine.idle();
    if (n >= count) ms.push((nowNs() - start) / 1e6);
  }
  return ms;
};

/**
 * The one-step function served by an app of the official SDK (inngest@4, its node adapter, in
 * its own process) against the same function in-process: runs/s with 100 in flight, and the
 * latency one run adds. Real clock, memory store: what is measured is the HTTP round trips (a
 * one-step run makes three calls: plan the step, run it, finish) and the SDK's own work.
 */
export const remoteTask = async (settings: RemoteSettings): Promise<ScenarioResult> => {
  const local = await serverWith([oneStep]);
  const localMs = median(await latencies(local.engine, settings.latencyRuns));
  await local.stop();

  const remote = await serverWith([]);
  const app = await startApp("bench.mjs", { INNGEST_DEV: remote.url });
  try {
    const put = await fetch(app.urls[0] ?? "", { method: "PUT" });
    if (put.status !== 200) throw new Error(`remote: sync failed: ${await put.text()}`);
    const remoteMs = median(await latencies(remote.engine, settings.latencyRuns));
    let last = "";
    const start = nowNs();
    for (let from = 0; from < settings.runs; from += settings.batch) {
      const count = Math.min(settings.batch, settings.runs - from);
      const events = Array.from({ length: count }, (_, n) => ({
        name: TASK_REQUESTED,
        data: { n },
      }));
      const { ids } = await remote.engine.send(events);
      await remote.engine.idle();
      last = ids[ids.length - 1] ?? "";
    }
    const perSecond = settings.runs / ((nowNs() - start) / 1e9);
    const [run] = await remote.engine.runsForEvent(last);
    if (run?.status !== "Completed") throw new Error(`remote: last run is ${run?.status}`);
    return {
      rows: [
        { name: "remote_runs_per_s_one_step", value: Math.round(perSecond), unit: "runs/s" },
        { name: "remote_ms_per_one_step_run", value: round(remoteMs), unit: "ms" },
        { name: "local_ms_per_one_step_run", value: round(localMs), unit: "ms" },
        { name: "remote_added_ms_per_step", value: round(remoteMs - localMs), unit: "ms" },
      ],
      points: [],
      notes: [
        `remote: ${settings.runs} one-step runs of an inngest@4 app in batches of ${settings.batch}: ${Math.round(perSecond)} runs/s (wall); one run alone: ${round(remoteMs)} ms remote vs ${round(localMs)} ms in-process (median of ${settings.latencyRuns}, real clock)`,
      ],
    };
  } finally {
    await app.stop();
    await remote.stop();
  }
};

const round = (ms: number): number => Math.round(ms * 100) / 100;
