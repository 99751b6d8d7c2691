import { describeStoreConformance } from "@quell/conformance";
import { Redis } from "ioredis";
import { afterAll, beforeAll } from "vitest";
import { type RedisStore, redisStore } from "../src/index";
import { dropNamespace, type RedisServer, startRedisServer, uniquePrefix } from "../src/testing";

let server: RedisServer;
let client: Redis;

beforeAll(async () => {
  server = await startRedisServer();
  client = new Redis(server.url);
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
