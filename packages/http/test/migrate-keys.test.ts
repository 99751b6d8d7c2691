import { fileURLToPath } from "node:url";
import { hashTag } from "@quell/redis";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EVENT_KEY, SIGNING_KEY } from "./support/keys";
import { quell } from "./support/quell-process";
import { type RedisServer, startRedis } from "./support/redis";

const FIXTURE = fileURLToPath(new URL("./fixtures/processes.ts", import.meta.url));

let redis: RedisServer;
let admin: Redis;

beforeAll(async () => {
  redis = await startRedis();
  admin = new Redis(redis.url);
});

afterAll(async () => {
  await admin?.quit();
  await redis?.stop();
});

describe("quell migrate-keys", () => {
  it("renames a namespace of the old layout, which quell start refuses before", async () => {
    await admin.set("old:seq", "7");
    await admin.hset("old:r:run-1", "v", "1");
    const keys = ["--event-key", EVENT_KEY, "--signing-key", SIGNING_KEY];
    const refused = await quell([
      ...keys,
      "start",
      FIXTURE,
      "--redis",
      redis.url,
      "--prefix",
      "old:",
    ]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(
      /old key layout.*quell migrate-keys --redis <url> --prefix 'old:'/,
    );

    const migrated = await quell(["migrate-keys", "--redis", redis.url, "--prefix", "old:"]);
    expect(migrated).toMatchObject({ code: 0, stdout: 'renamed 2 keys of namespace "old:"\n' });
    expect((await admin.keys("*")).sort()).toEqual([
      `${hashTag("old:")}r:run-1`,
      `${hashTag("old:")}seq`,
    ]);

    const again = await quell(["migrate-keys", "--redis", redis.url, "--prefix", "old:"]);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/already has keys in the new layout/);
  });
});
