import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RedisServer, startRedisServer } from "../src/testing";
import { workSignal } from "../src/work-signal";
import { until } from "./support/until";
import { describeWorkSignalSuite } from "./support/work-signal-suite";

let server: RedisServer;

beforeAll(async () => {
  server = await startRedisServer();
});
afterAll(async () => {
  await server?.stop();
});

describeWorkSignalSuite(() => ({ url: server.url }));

describe("the work signal's subscriber", () => {
  it("looks once when its subscription takes: what was announced before reached nobody", async () => {
    const client = new Redis(server.url);
    // Another process announces work while nobody is subscribed: the message is lost.
    expect(await client.publish("ws:work", "another-process")).toBe(0);
    const watcher = workSignal(client, "ws:work");
    let looks = 0;
    const unwatch = watcher.watch(() => {
      looks += 1;
    });
    try {
      await until("the listener to look", async () => looks > 0 || `${looks} looks`);
      expect(looks).toBe(1);
    } finally {
      unwatch();
      await watcher.close();
      client.disconnect();
    }
  });
});
