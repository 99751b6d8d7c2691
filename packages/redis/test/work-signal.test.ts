import { afterAll, beforeAll } from "vitest";
import { type RedisServer, startRedisServer } from "../src/testing";
import { describeWorkSignalSuite } from "./support/work-signal-suite";

let server: RedisServer;

beforeAll(async () => {
  server = await startRedisServer();
});
afterAll(async () => {
  await server?.stop();
});

describeWorkSignalSuite(() => ({ url: server.url }));
