import { describeStoreConformance } from "@quell/conformance";
import { Redis } from "ioredis";
import { afterAll, beforeAll } from "vitest";
import { type RedisStore, redisStore } from "../src/index";
import { dropNamespace, type RedisServer, startRedisServer, uniquePrefix } from "../src/testing";

let server: RedisServer;
let client: Redis;

beforeAll(async () => {
  server = await startRedisServer();
  // As `connectRedisStore` opens it: commands of one turn in one pipeline, scripts in groups.
  client = new Redis(server.url, { enableAutoPipelining: true });
});

afterAll(async () => {
  await client?.quit();
  await server?.stop();
});

describeStoreConformance({
  name: "redis",
  create: () => redisStore({ client, prefix: uniquePrefix() }),
  destroy: async (store) => dropNamespace(client, (store as RedisStore).prefix),
});
