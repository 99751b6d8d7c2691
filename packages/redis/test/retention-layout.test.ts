import {
  makeBulkCancellation,
  makeCommit,
  makeIngest,
  makeRun,
  makeWrite,
  nextVersion,
} from "@quell/conformance";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RedisStore, redisStore } from "../src/index";
import { dropNamespace, type RedisServer, startRedisServer, uniquePrefix } from "../src/testing";

let server: RedisServer;
let client: Redis;
const stores: RedisStore[] = [];
const WINDOW = 1_000;

beforeAll(async () => {
  server = await startRedisServer();
  client = new Redis(server.url);
});

afterAll(async () => {
  for (const store of stores) await dropNamespace(client, store.prefix);
  await client?.quit();
  await server?.stop();
});

const fresh = (): RedisStore => {
  const store = redisStore({ client, prefix: uniquePrefix("retention"), dedupeWindowMs: WINDOW });
  stores.push(store);
  return store;
};

const keysOf = async (prefix: string): Promise<string[]> =>
  (await client.keys(`${prefix}*`)).map((key) => key.slice(prefix.length)).sort();

const prune = (store: RedisStore, at: number) =>
  store.prune({ endedBefore: at, receivedBefore: at, now: at, limit: 100 });

describe("redis retention layout", () => {
  it("leaves only the ingestion counter once an ended run and its events are pruned", async () => {
    const store = fresh();
    const trigger = makeIngest({ receivedAt: 0, dedupeKey: "order-1" });
    await store.ingest([trigger]);
    const run = makeRun({ state: "running", triggerEventId: trigger.internalId, createdAt: 0 });
    await store.createRun(makeWrite(run, { enqueueAt: 0, lease: 30 }));
    await store.markProcessed(trigger.internalId);
    const done = nextVersion(run, { state: "completed", endedAt: 10 });
    const finished = makeIngest({ name: "inngest/function.finished", receivedAt: 10 });
    await store.commitRun(makeCommit(done, run.version, { lease: null, emit: [finished] }));
    await store.markProcessed(finished.internalId);
    expect(await keysOf(store.prefix)).toEqual([
      "dd",
      "dd:at",
      "ended",
      "ev",
      "ev:idle",
      "queue",
      "r:" + run.id,
      "seq",
      `x:e:${trigger.internalId}`,
      "x:f:completed:test-app-fn",
      "x:s:completed",
    ]);

    expect(await prune(store, WINDOW)).toEqual({
      runs: 1,
      events: 2,
      bulkCancellations: 0,
      dedupeKeys: 1,
    });
    expect(await keysOf(store.prefix)).toEqual(["seq"]);
  });

  it("leaves no key of an ended bulk cancellation", async () => {
    const store = fresh();
    const record = makeBulkCancellation({ status: "running", updated_at: 0 });
    await store.putBulkCancellation(record, null);
    await store.putBulkCancellation({ ...record, status: "completed", version: 2 }, 1);
    expect(await keysOf(store.prefix)).toEqual(["bc", "bc:ended", "bc:order", "bc:v"]);
    expect((await prune(store, 1)).bulkCancellations).toBe(1);
    expect(await keysOf(store.prefix)).toEqual([]);
  });
});
