import { fileURLToPath } from "node:url";
import type { RunView } from "@quell/core";
import { type RedisCluster, startRedisCluster } from "@quell/redis/testing";
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
