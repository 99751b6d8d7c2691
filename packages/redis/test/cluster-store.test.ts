import { describeStoreConformance, makeIngest, makeRun, makeWrite } from "@quell/conformance";
import { Cluster } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashTag, type RedisStore, redisStore } from "../src/index";
import {
  dropClusterNamespace,
  type RedisCluster,
  startRedisCluster,
  uniquePrefix,
} from "../src/testing";
import { describeWorkSignalSuite } from "./support/work-signal-suite";

// The conformance suite the memory store and the single-server store pass, and the wake-ups
// between processes (pub/sub, which a cluster broadcasts to every node), on stores on a Redis
// Cluster of three masters that this file starts (and stops).
let cluster: RedisCluster;
let client: Cluster;

beforeAll(async () => {
  cluster = await startRedisCluster();
  client = new Cluster([...cluster.nodes], { enableAutoPipelining: true });
}, 60_000);

afterAll(async () => {
  await client?.quit();
  await cluster?.stop();
});

describe("a namespace on a Redis Cluster", () => {
  it("keeps every key in the slot of its hash tag", async () => {
    const store = redisStore({ client, prefix: uniquePrefix("slot") });
    await store.ingest([makeIngest({ name: "a/b", dedupeKey: "d1" })]);
    await store.createRun(makeWrite(makeRun(), { enqueueAt: 1, timer: 2 }));
    const slot = await client.cluster("KEYSLOT", hashTag(store.prefix));
    const owner = cluster.nodes[await cluster.masterOf(store.prefix)];
    const node = client.nodes("master").find((n) => n.options.port === owner?.port);
    const keys = (await node?.keys(`${hashTag(store.prefix)}*`)) ?? [];
    expect(keys.length).toBeGreaterThan(3);
    for (const key of keys) expect(await client.cluster("KEYSLOT", key)).toBe(slot);
    await dropClusterNamespace(client, store.prefix);
  });
});

describeStoreConformance({
  name: "redis cluster",
  create: () => redisStore({ client, prefix: uniquePrefix() }),
  destroy: async (store) => dropClusterNamespace(client, (store as RedisStore).prefix),
});

describeWorkSignalSuite(() => ({ cluster: cluster.nodes }));
