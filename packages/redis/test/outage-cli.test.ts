import { Redis } from "ioredis";
import { afterEach, describe, expect, it } from "vitest";
import { redisStore } from "../src/index";
import { type RedisServer, startRedisServer, uniquePrefix } from "../src/testing";
import { ingestLoad } from "./support/ingest-load";
import { badRefusals, outageBatch, outageViolations, settledRuns } from "./support/outage-checks";
import { EVENT_KEY, killQuellProcesses, startCluster } from "./support/quell-processes";
import { until } from "./support/until";

// `quell start` and `quell worker` when Redis is full (maxmemory, noeviction) or frozen
// (SIGSTOP): clean 503s, no exit, and one line per process, not one per request.

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  killQuellProcesses();
  for (const step of cleanup.splice(0).reverse()) await step();
});

const setup = async (workers: number, timeout?: string) => {
  const redis: RedisServer = await startRedisServer();
  cleanup.push(() => redis.stop("SIGKILL"));
  const prefix = uniquePrefix("cli");
  const cluster = await startCluster({
    redisUrl: redis.url,
    prefix,
    workers,
    ...(timeout === undefined ? {} : { timeout }),
  });
  const admin = new Redis(redis.url);
  const store = redisStore({ url: redis.url, prefix, onAvailabilityChange: () => {} });
  cleanup.push(async () => {
    await store.close();
    await admin.quit();
  });
  return { redis, prefix, cluster, admin, store };
};

describe("a full Redis (maxmemory below what it uses, noeviction)", () => {
  it(
    "answers 503 with Retry-After, exits nothing, logs one line per process",
    { timeout: 90_000 },
    async () => {
      const { prefix, cluster, admin, store } = await setup(1);
      const load = ingestLoad(cluster.api.url, outageBatch);
      const accepted = () => load.answers.filter((a) => a.status === 200).length;
      await until("load to flow", async () => accepted() >= 20 || `${accepted()} accepted`);
      // Well below: the bytes the processes free meanwhile (pending events, leases) cannot bring
      // it back under the limit, so every write is refused until the limit is raised.
      const used = Number(/used_memory:(\d+)/.exec(await admin.info("memory"))?.[1]);
      await admin.config("SET", "maxmemory-policy", "noeviction");
      await admin.config("SET", "maxmemory", String(used - 500_000));
      const fullAt = Date.now();
      await sleep(3_000);
      const refused = load.answers.filter((a) => a.at > fullAt && a.status === 503);
      expect(refused.length).toBeGreaterThan(10);
      await admin.config("SET", "maxmemory", "0");
      const back = Date.now();
      await until(
        "ingestion to answer 200 again",
        async () => load.answers.some((a) => a.at > back && a.status === 200) || "no",
      );
      await load.stop();
      const runs = await settledRuns(store);

      expect(cluster.all.map((p) => p.alive())).toEqual([true, true]);
      expect(load.answers.filter((a) => a.status !== 200 && a.status !== 503)).toEqual([]);
      expect(
        badRefusals(load.answers, "30", /^store unavailable: redis .+: out of memory \(OOM /),
      ).toEqual([]);
      // At most one line each way per process (one that never wrote while full says nothing).
      const lines = cluster.all.flatMap((p) => p.stderrLines());
      for (const p of cluster.all) {
        const own = p.stderrLines();
        expect(own.filter((l) => l.endsWith("; retrying")).length).toBeLessThanOrEqual(1);
        expect(own.filter((l) => l.includes("available again")).length).toBeLessThanOrEqual(1);
        expect(own.every((l) => l.endsWith("; retrying") || l.includes("available again"))).toBe(
          true,
        );
      }
      expect(
        lines.filter((l) => /out of memory \(OOM .+; retrying$/.test(l)).length,
      ).toBeGreaterThan(0);
      expect(await outageViolations(runs, load.answers, admin, prefix)).toEqual([]);
      expect(await Promise.all(cluster.all.map((p) => p.stop()))).toEqual([0, 0]);
    },
  );
});

describe("a Redis that accepts connections but never answers (SIGSTOP)", () => {
  it(
    "times out after --redis-timeout, answers 503, says so once, recovers on SIGCONT",
    { timeout: 60_000 },
    async () => {
      const { redis, cluster } = await setup(0, "300ms");
      const api = cluster.api;
      const post = async () => {
        const response = await fetch(`${api.url}/e/${EVENT_KEY}`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ name: "mp/work", data: { id: "frozen" } }),
        });
        return { status: response.status, body: await response.json() };
      };
      expect((await post()).status).toBe(200);
      redis.freeze(true);
      for (let i = 0; i < 5; i++) {
        expect(await post()).toEqual({
          status: 503,
          body: {
            error: `store unavailable: redis 127.0.0.1:${redis.port}: no answer within 300 ms`,
            status: 503,
          },
        });
      }
      redis.freeze(false);
      await until(
        "ingestion to answer 200 again",
        async () => (await post()).status === 200 || "no",
      );
      expect(api.alive()).toBe(true);
      expect(api.stderrLines()).toEqual([
        `redis 127.0.0.1:${redis.port}: no answer within 300 ms; retrying`,
        expect.stringMatching(/available again after \d+\.\d s$/),
      ]);
      expect(await api.stop()).toBe(0);
    },
  );
});
