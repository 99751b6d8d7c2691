/**
 * How many small scripts a second one redis-server and a 3-master Redis Cluster run on this
 * machine, with redis-benchmark (50 clients, 2 client threads), each script an INCR and an HSET
 * on two keys of one slot, like a small Quell transition:
 * - single: one redis-server;
 * - cluster_spread: the cluster, keys over every slot (`{tag}`: redis-benchmark spreads them),
 *   as several namespaces would be;
 * - cluster_one_slot: the cluster, every key in one slot, as one namespace is today.
 * Each without pipelining (-P 1) and with 16 commands per write (-P 16, as auto-pipelining does).
 * Run: pnpm --filter @quell/redis bench:cluster   (starts its own servers; writes JSON)
 */
import { execFileSync } from "node:child_process";
import { startRedisCluster, startRedisServer } from "../src/testing";
import { report } from "./results-file";

const SCRIPT = "redis.call('incr', KEYS[1]) return redis.call('hset', KEYS[2], 'f', ARGV[1])";
const REQUESTS = 300_000;

/** Scripts per second that redis-benchmark reports for one run. */
const scriptsPerSecond = (port: number, keys: "spread" | "one slot", pipeline: number): number => {
  const tag = keys === "spread" ? "{tag}" : "{ns}";
  const output = execFileSync(
    "redis-benchmark",
    [
      ...["-h", "127.0.0.1", "-p", String(port)],
      ...(keys === "spread" ? ["--cluster"] : []),
      ...["-n", String(REQUESTS), "-c", "50", "-P", String(pipeline), "-r", "100000"],
      ...["--threads", "2", "-q", "eval", SCRIPT, "2"],
      ...[`${tag}a:__rand_int__`, `${tag}b:__rand_int__`, "x"],
    ],
    { encoding: "utf8" },
  );
  const rate = /([\d.]+) requests per second/.exec(output.split("\r").pop() ?? "");
  if (rate === null) throw new Error(`redis-benchmark said: ${output}`);
  return Math.round(Number(rate[1]));
};

const server = await startRedisServer();
const cluster = await startRedisCluster();
try {
  const owner = cluster.nodes[await cluster.masterOf("ns")]?.port ?? 0;
  // "{ns}" is the hash tag of the prefix "ns": the node that owns it serves one namespace.
  const rows: Record<string, number> = {};
  for (const pipeline of [1, 16]) {
    rows[`single_scripts_per_s_P${pipeline}`] = scriptsPerSecond(server.port, "one slot", pipeline);
    rows[`cluster_spread_scripts_per_s_P${pipeline}`] = scriptsPerSecond(
      cluster.nodes[0]?.port ?? 0,
      "spread",
      pipeline,
    );
    rows[`cluster_one_slot_scripts_per_s_P${pipeline}`] = scriptsPerSecond(
      owner,
      "one slot",
      pipeline,
    );
  }
  report("cluster-throughput", rows);
} finally {
  await server.stop();
  await cluster.stop();
}
