import { isStoreUnavailable, Quell } from "@quell/core";
import { createEngine, type Engine } from "@quell/engine";
import { Cluster } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AvailabilityChange, connectRedisStore } from "../src/index";
import { type RedisCluster, startRedisCluster, uniquePrefix } from "../src/testing";
import { describeCrashSuite } from "./support/crash-suite";
import { until } from "./support/until";

// On a Redis Cluster of three masters with append-only files (appendfsync always), started by
// this file: the crash test's worker crashes, then the master that holds a namespace's slot
// SIGKILLed and restarted on its port from its nodes.conf and AOF. With no replicas, that
// namespace is unavailable until its master is back; nothing acknowledged is lost.
let cluster: RedisCluster;
let admin: Cluster;

beforeAll(async () => {
  cluster = await startRedisCluster({ aof: true });
  admin = new Cluster([...cluster.nodes]);
}, 60_000);

afterAll(async () => {
  await admin?.quit();
  await cluster?.stop();
});

describeCrashSuite(() => ({ target: { cluster: cluster.nodes }, admin }));
// The same with the runs spread over 3 partitions (`createPartitionedEngine`).
describeCrashSuite(() => ({ target: { cluster: cluster.nodes }, admin }), { partitions: 3 });

const quell = new Quell({ id: "crash" });
const napper = quell.createFunction({ id: "napper" }, { event: "crash/nap" }, async ({ step }) => {
  await step.sleep("nap", 1_000);
  return step.run("after", async () => "woke");
});

describe("the master holding the namespace's slot crashes (SIGKILL) while runs sleep", () => {
  it("is unavailable until restarted on its port; then the runs wake and finish", async () => {
    const prefix = uniquePrefix("node");
    const changes: AvailabilityChange[] = [];
    const store = await connectRedisStore({
      cluster: cluster.nodes,
      prefix,
      timeoutMs: 2_000,
      onAvailabilityChange: (change) => changes.push(change),
    });
    const errors: unknown[] = [];
    const logger = { debug() {}, info() {}, warn() {}, error: (...a: unknown[]) => errors.push(a) };
    const engine: Engine = createEngine({ functions: [napper], store, logger, pollMs: 200 });
    await engine.start();
    await engine.send(Array.from({ length: 20 }, (_, i) => ({ name: "crash/nap", data: { i } })));
    const statuses = async () => (await engine.listRuns({ limit: 100 })).runs.map((r) => r.status);
    await until("20 sleeping runs", async () => {
      const now = await statuses();
      return (now.length === 20 && now.every((s) => s === "Sleeping")) || now.join();
    });

    const holder = await cluster.masterOf(prefix);
    await cluster.kill(holder);
    const down = await engine.send({ name: "crash/nap" }).then(
      () => null,
      (error: unknown) => error,
    );
    expect(isStoreUnavailable(down)).toBe(true);
    // Down past the runs' wake-up time: their timers come due while every tick fails.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    await cluster.restart(holder);

    await until("every run to finish", async () => {
      const now = await statuses();
      return now.filter((s) => s === "Completed").length === 20 || now.join();
    });
    expect(changes.map((c) => c._tag)).toEqual(["Lost", "Restored"]);
    expect(errors).toEqual([]);
    await engine.stop();
    await store.close();
  }, 60_000);
});
