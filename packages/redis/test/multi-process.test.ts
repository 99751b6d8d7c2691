import { Redis } from "ioredis";
import { afterAll, beforeAll } from "vitest";
import { type RedisServer, startRedisServer } from "../src/testing";
import { describeMultiProcessSuite } from "./support/multi-process-suite";

let server: RedisServer;
let admin: Redis;

beforeAll(async () => {
  server = await startRedisServer();
  admin = new Redis(server.url);
});

afterAll(async () => {
  await admin?.quit();
  await server?.stop();
});

describeMultiProcessSuite(() => ({ target: { url: server.url }, admin }));
