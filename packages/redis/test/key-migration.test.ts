import { makeIngest, makeListener, makeRun, makeWrite } from "@quell/conformance";
import { describe, expect, it } from "vitest";
import {
  connectRedisStore,
  hashTag,
  KeyLayoutError,
  migrateKeyLayout,
  redisStore,
} from "../src/index";
import { uniquePrefix } from "../src/testing";
import { privateRedis } from "./support/private-redis";

const redis = privateRedis("mig");
const client = () => redis.client();

/** Put a namespace back in the layout before hash tags: `{p}name` becomes `pname`. */
const toOldLayout = async (prefix: string): Promise<void> => {
  for (const key of await client().keys(`${hashTag(prefix)}*`))
    await client().rename(key, `${prefix}${key.slice(hashTag(prefix).length)}`);
};

describe("the key layout before hash tags", () => {
  it("is refused with what to do, by redisStore and by connectRedisStore", async () => {
    const prefix = uniquePrefix("mig");
    await client().set(`${prefix}seq`, "3");
    const store = redisStore({ client: client(), prefix });
    const refusal = store.lastSeq();
    await expect(refusal).rejects.toBeInstanceOf(KeyLayoutError);
    await expect(refusal).rejects.toThrow(/old key layout.*quell migrate-keys/);
    const connecting = connectRedisStore({ url: redis.url(), prefix, onAvailabilityChange() {} });
    await expect(connecting).rejects.toBeInstanceOf(KeyLayoutError);
    await client().del(`${prefix}seq`);
  });

  it("is renamed by migrateKeyLayout, after which the store reads what it held", async () => {
    const store = redis.fresh();
    const run = makeRun({ state: "sleeping", triggerEventId: "ev-1" });
    const listener = makeListener({
      event: "a/b",
      runId: run.id,
      index: { signature: "data.id", key: "k" },
    });
    await store.ingest([makeIngest({ internalId: "ev-1" })]);
    await store.createRun(makeWrite(run, { addListeners: [listener], timer: 10 }));
    const keys = await redis.keysOf(store.prefix);
    await toOldLayout(store.prefix);
    expect(await redis.keysOf(store.prefix)).toEqual([]);

    expect(await migrateKeyLayout(client(), store.prefix)).toEqual({ renamed: keys.length });
    expect(await redis.keysOf(store.prefix)).toEqual(keys);
    const reopened = redisStore({ client: client(), prefix: store.prefix });
    expect((await reopened.getRun(run.id))?.state).toBe("sleeping");
    expect(await reopened.findListeners("a/b", () => "k")).toEqual([listener]);
    expect(await reopened.lastSeq()).toBe(1);
    expect(await migrateKeyLayout(client(), store.prefix).catch((e: Error) => e.message)).toMatch(
      /already has keys in the new layout/,
    );
  });

  it("refuses an empty prefix, which would be no hash tag", () => {
    expect(() => redisStore({ client: client(), prefix: "" })).toThrow(/must not be empty/);
  });
});
