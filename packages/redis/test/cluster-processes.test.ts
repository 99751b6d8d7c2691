import { Cluster } from "ioredis";
import { afterAll, beforeAll } from "vitest";
import { type RedisCluster, startRedisCluster } from "../src/testing";
import { describeMultiProcessSuite } from "./support/multi-process-suite";

// The multi-process test (3 worker processes and an API process, SPEC §7 over 1,000 runs) on a
// Redis Cluster of three masters that this file starts: every process connects with ioredis'
// Cluster client, and wake-ups go through the cluster's pub/sub.
let cluster: RedisCluster;
let admin: Cluster;

beforeAll(async () => {
  cluster = await startRedisCluster();
  admin = new Cluster([...cluster.nodes]);
}, 60_000);

afterAll(async () => {
  await admin?.quit();
  await cluster?.stop();
});

describeMultiProcessSuite(() => ({ target: { cluster: cluster.nodes }, admin }));

// The same with the runs spread over 3 partitions (`createPartitionedEngine`), each namespace
// its own hash slot, so the work of different runs goes to different masters.
describeMultiProcessSuite(() => ({ target: { cluster: cluster.nodes }, admin }), { partitions: 3 });
