// step.invoke and the cascade on the engine with the Redis store: the cases the simulation and
// engine+memory run (packages/engine/test/rules/invoke-cases.ts), against a real redis-server.
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe } from "vitest";
import { invokeCases } from "../../engine/test/rules/invoke-cases";
import { engineDriverOn } from "../../engine/test/support/drivers";
import { redisStore } from "../src/index";
import { dropNamespace, type RedisServer, startRedisServer, uniquePrefix } from "../src/testing";

let server: RedisServer;
let client: Redis;
const prefixes: string[] = [];

beforeAll(async () => {
  server = await startRedisServer();
  client = new Redis(server.url);
});

afterAll(async () => {
  for (const prefix of prefixes) await dropNamespace(client, prefix);
  await client?.quit();
  await server?.stop();
});

/** A fresh namespace per driver. */
const store = () => {
  const prefix = uniquePrefix("invoke");
  prefixes.push(prefix);
  return redisStore({ client, prefix });
};

describe("engine+redis", () => {
  invokeCases(engineDriverOn(store, "engine+redis"));
});
