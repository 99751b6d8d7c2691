import { fileURLToPath } from "node:url";
import type { RunView } from "@quell/core";
import { type RedisCluster, startRedisCluster } from "@quell/redis/testing";
import { Cluster } from "ioredis";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { EVENT_KEY, SIGNING_KEY } from "./support/keys";
import { quell, startQuell } from "./support/quell-process";

// `quell start --redis-cluster` and `quell worker --redis-cluster` as real processes on a Redis
// Cluster of three masters that this file starts.

const FIXTURE = fileURLToPath(new URL("./fixtures/processes.ts", import.meta.url));
const AUTH = { authorization: `Bearer ${SIGNING_KEY}` };
const KEYS = ["--event-key", EVENT_KEY, "--signing-key", SIGNING_KEY];

let cluster: RedisCluster;

beforeAll(async () => {
  cluster = await startRedisCluster();
}, 60_000);
afterAll(async () => {
  await cluster?.stop();
});

describe("quell on a Redis Cluster", () => {
  it(
    "runs an event through quell start --no-workers and a quell worker",
    { timeout: 60_000 },
    async () => {
      const seeds = cluster.nodes.map((n) => `${n.host}:${n.port}`).join(",");
      const shared = [FIXTURE, "--redis-cluster", seeds, "--prefix", "clu:"];
      const api = await startQuell(["start", ...shared, "--no-workers", "--port", "0", ...KEYS]);
      const worker = await startQuell(["worker", ...shared, "--poll", "50ms"]);
      expect(api.output()).toContain(`Redis cluster ${seeds}, prefix clu:`);
      const response = await fetch(`${api.url}/e/${EVENT_KEY}`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ name: "proc/whoami" }),
      });
      const { ids } = (await response.json()) as { ids: string[] };
      const run = await vi.waitFor(
        async () => {
          const answer = await fetch(`${api.url}/v1/events/${ids[0]}/runs`, { headers: AUTH });
          const [found] = ((await answer.json()) as { data: RunView[] }).data;
          if (found?.status !== "Completed") throw new Error(`run ${found?.status}`);
          return found;
        },
        { timeout: 30_000, interval: 50 },
      );
      expect(run.output).toBe(worker.child.pid);
      expect(await worker.stop()).toBe(0);
      expect(await api.stop()).toBe(0);
    },
  );

  it(
    "spreads the runs over --partitions namespaces, each its own slot, with every process on them",
    { timeout: 60_000 },
    async () => {
      const seeds = cluster.nodes.map((n) => `${n.host}:${n.port}`).join(",");
      const shared = [FIXTURE, "--redis-cluster", seeds, "--prefix", "par:", "--partitions", "3"];
      const api = await startQuell(["start", ...shared, "--no-workers", "--port", "0", ...KEYS]);
      const worker = await startQuell(["worker", ...shared, "--poll", "50ms"]);
      expect(api.output()).toContain("3 partitions, prefixes par:p0: par:p1: par:p2:");
      const response = await fetch(`${api.url}/e/${EVENT_KEY}`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(Array.from({ length: 30 }, () => ({ name: "proc/whoami" }))),
      });
      const { ids } = (await response.json()) as { ids: string[] };
      expect(ids).toHaveLength(30);
      const runs = await vi.waitFor(
        async () => {
          const answer = await fetch(`${api.url}/v1/runs?limit=100`, { headers: AUTH });
          const { data } = (await answer.json()) as { data: RunView[] };
          const done = data.filter((r) => r.status === "Completed");
          if (done.length !== 30) throw new Error(`${done.length} of 30 runs completed`);
          return data;
        },
        { timeout: 30_000, interval: 50 },
      );
      expect(new Set(runs.map((r) => r.output))).toEqual(new Set([worker.child.pid]));
      // Each namespace holds some of the runs.
      const admin = new Cluster([...cluster.nodes]);
      try {
        for (const k of [0, 1, 2]) {
          const held = await admin.zcard(`{par:p${k}:}x:s:completed`);
          expect(held).toBeGreaterThan(0);
        }
      } finally {
        admin.disconnect();
      }
      expect(await worker.stop()).toBe(0);
      expect(await api.stop()).toBe(0);
    },
  );

  it("takes --partitions as a whole number from 1 to 64", async () => {
    const bad = await quell(["worker", FIXTURE, "--redis", "redis://x", "--partitions", "0"]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('--partitions: expected a whole number from 1 to 64, got "0"');
  });

  it("wants exactly one of --redis and --redis-cluster, as host:port pairs", async () => {
    const both = await quell(["worker", FIXTURE, "--redis", "redis://x", "--redis-cluster", "h:1"]);
    expect(both.code).toBe(1);
    expect(both.stderr).toContain(
      "quell worker needs --redis <url> or --redis-cluster <host:port,...>",
    );
    const bad = await quell(["worker", FIXTURE, "--redis-cluster", "127.0.0.1"]);
    expect(bad.stderr).toContain('--redis-cluster: expected host:port, got "127.0.0.1"');
  });
});
