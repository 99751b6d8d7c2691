/**
 * What retention gives back on Redis, through the real engine on a virtual clock:
 * N completed one-step runs (each triggered by an event with a user id, so dedupe entries
 * exist too), measured with MEMORY USAGE (exact, summed over the namespace) and INFO memory,
 * then the clock moves past the retention and the dedupe window and the sweep runs.
 * Run: pnpm --filter @quell/redis bench:retention [-- --runs=5000]
 * (starts its own redis-server; prints a table, writes results/retention.json)
 */
import { type PruneResult, Quell, type Store } from "@quell/core";
import { createEngine, virtualClock } from "@quell/engine";
import { Redis } from "ioredis";
import { redisStore } from "../src/index";
import { startRedisServer } from "../src/testing";
import { namespaceBytes } from "./memory";
import { report } from "./results-file";

const runs = Number(/--runs=(\d+)/.exec(process.argv.join(" "))?.[1] ?? 5_000);
const HOUR = 3_600_000;
const silent = { debug() {}, info() {}, warn() {}, error: console.error };
const quell = new Quell({ id: "bench" });
const oneStep = quell.createFunction({ id: "one-step" }, { event: "bench/one" }, async ({ step }) =>
  step.run("only", () => 1),
);

const usedMemory = async (admin: Redis): Promise<number> =>
  Number(/used_memory:(\d+)/.exec(await admin.info("memory"))?.[1] ?? Number.NaN);

const server = await startRedisServer();
const admin = new Redis(server.url);
const client = new Redis(server.url);
try {
  const inner = redisStore({ client, prefix: "ret:" });
  const batches: { readonly ms: number; readonly result: PruneResult }[] = [];
  const store: Store = {
    ...inner,
    prune: async (request) => {
      const started = performance.now();
      const result = await inner.prune(request);
      if (result.runs + result.events > 0)
        batches.push({ ms: performance.now() - started, result });
      return result;
    },
  };
  const clock = virtualClock();
  const engine = createEngine({
    functions: [oneStep],
    store,
    clock,
    logger: silent,
    retention: { runsMs: HOUR, eventsMs: HOUR, intervalMs: HOUR },
  });
  await engine.start();
  for (let i = 0; i < runs; i += 500) {
    const n = Math.min(500, runs - i);
    await engine.send(
      Array.from({ length: n }, (_, j) => ({ name: "bench/one", id: `order-${i + j}` })),
    );
    await engine.idle();
  }
  const done = await inner.listRuns({ states: ["completed"], limit: runs + 1 });
  if (done.runs.length !== runs) throw new Error(`${done.runs.length} of ${runs} runs completed`);
  const before = await namespaceBytes(admin, "ret:");
  const usedBefore = await usedMemory(admin);
  const indexBytes =
    Number(await admin.call("MEMORY", "USAGE", "{ret:}ended", "SAMPLES", "0")) +
    Number(await admin.call("MEMORY", "USAGE", "{ret:}ev:idle", "SAMPLES", "0"));

  await clock.advance("25h"); // past the retention (1 h) and the dedupe window (24 h)
  await engine.idle();
  await engine.stop();
  const after = await namespaceBytes(admin, "ret:");
  const usedAfter = await usedMemory(admin);
  const left = await admin.keys("{ret:}*");

  const rows = {
    runs,
    redis_bytes_per_completed_run_with_events: Math.round((before.run + before.log) / runs),
    redis_bytes_retention_indexes_per_run: Math.round(indexBytes / runs),
    redis_bytes_after_prune: after.run + after.log,
    redis_keys_after_prune: left.length,
    used_memory_before: usedBefore,
    used_memory_after: usedAfter,
    used_memory_freed_per_run: Math.round((usedBefore - usedAfter) / runs),
    prune_batches: batches.length,
    prune_ms_per_batch_of_100:
      Math.round((batches.reduce((sum, b) => sum + b.ms, 0) / Math.max(1, batches.length)) * 100) /
      100,
  };
  report("retention", rows);
  console.log("keys left:", left.sort());
} finally {
  admin.disconnect();
  client.disconnect();
  await server.stop();
}
