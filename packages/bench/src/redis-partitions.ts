/**
 * What spreading one deployment over partitions (`createPartitionedEngine`) does on a Redis
 * Cluster of three masters, here: one engine process (50 callers of `send`, concurrency 50) on
 * 1 partition and on 3 (`partitionPrefixes`, each namespace its own slot), one-step runs and
 * cancels of sleeping runs. Per setting: items a second, the engine process's CPU per item, and
 * each master's CPU per item (INFO cpu), which shows where the work went.
 * Run: pnpm --filter @quell/bench redis-partitions [items]   (starts its own cluster; prints a
 * table, writes bench/results/redis-partitions.json)
 */
import { mkdir, writeFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { createPartitionedEngine, type Engine } from "@quell/engine";
import { partitionPrefixes, redisStore } from "@quell/redis";
import { startRedisCluster } from "@quell/redis/testing";
import { Cluster, Redis } from "ioredis";
import { quellFunctions } from "./scenarios/redis-vs-bullmq";

const ITEMS = Number(process.argv[2] ?? 3_000);
const CALLERS = 50;
const silent = { debug() {}, info() {}, warn: console.warn, error: console.error };
const functions = quellFunctions();

const cluster = await startRedisCluster();
const masters = cluster.nodes.map((node) => new Redis(node.port, node.host));

/** Each master's CPU seconds so far (user + system). */
const masterCpu = async (): Promise<number[]> =>
  Promise.all(
    masters.map(async (master) => {
      const info = await master.info("cpu");
      const read = (field: string) => Number(new RegExp(`${field}:([\\d.]+)`).exec(info)?.[1]);
      return read("used_cpu_user") + read("used_cpu_sys");
    }),
  );

/** `count` sends of one event each, `CALLERS` at a time, then wait until the engine is idle. */
const sendAll = async (engine: Engine, name: string, count: number, tag: string) => {
  let next = 0;
  const lane = async (): Promise<void> => {
    for (let i = next++; i < count; i = next++) {
      await engine.send({ name, data: { id: `${tag}-${i}` } });
    }
  };
  await Promise.all(Array.from({ length: CALLERS }, lane));
  await engine.idle();
};

/** One stretch of `count` items: items/s, engine CPU ms per item, each master's CPU ms per item. */
const measure = async (count: number, work: () => Promise<void>) => {
  const cpu = process.cpuUsage();
  const before = await masterCpu();
  const started = performance.now();
  await work();
  const seconds = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  const after = await masterCpu();
  return {
    perSecond: Math.round(count / seconds),
    engineMs: (used.user + used.system) / 1000 / count,
    mastersMs: after.map((at, i) => ((at - (before[i] ?? 0)) * 1000) / count),
  };
};

const rows: Record<string, number> = {};
try {
  for (const partitions of [1, 3]) {
    const prefix = `bench${partitions}:`;
    const prefixes = partitionPrefixes(prefix, partitions);
    const client = new Cluster([...cluster.nodes], { enableAutoPipelining: true });
    const engine = createPartitionedEngine({
      functions,
      stores: prefixes.map((at) => redisStore({ client, prefix: at })),
      concurrency: CALLERS,
      logger: silent,
    });
    await engine.start();
    try {
      await sendAll(engine, "bench/one", 500, "warm"); // the servers learn the scripts
      const oneStep = await measure(ITEMS, () => sendAll(engine, "bench/one", ITEMS, "one"));
      await sendAll(engine, "bench/sleep", ITEMS, "nap");
      const cancels = await measure(ITEMS, () => sendAll(engine, "bench/cancel", ITEMS, "nap"));
      const used = new Set(await Promise.all(prefixes.map((at) => cluster.masterOf(at))));
      const key = `partitions_${partitions}`;
      rows[`${key}_masters_holding_runs`] = used.size;
      for (const [name, figures] of Object.entries({ one_step: oneStep, cancel: cancels })) {
        rows[`${key}_${name}_per_s`] = figures.perSecond;
        rows[`${key}_${name}_engine_cpu_ms`] = Number(figures.engineMs.toFixed(3));
        figures.mastersMs.forEach((ms, i) => {
          rows[`${key}_${name}_master${i}_cpu_ms`] = Number(ms.toFixed(3));
        });
      }
    } finally {
      await engine.stop();
      client.disconnect();
    }
  }
  console.table(rows);
  const dir = fileURLToPath(new URL("../../../bench/results/", import.meta.url));
  await mkdir(dir, { recursive: true });
  await writeFile(`${dir}redis-partitions.json`, `${JSON.stringify(rows, null, 2)}\n`);
  console.log(`wrote ${dir}redis-partitions.json`);
} finally {
  for (const master of masters) master.disconnect();
  await cluster.stop();
}
