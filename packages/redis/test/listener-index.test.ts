import { makeCommit, makeListener, makeRun, makeWrite, nextVersion } from "@quell/conformance";
import type { Listener, Run } from "@quell/core";
import { describe, expect, it } from "vitest";
import { type RedisStore, redisStore } from "../src/index";
import {
  keysFor,
  listenerIndexField,
  listenerIndexKey,
  listenerSetKey,
  signaturesKey,
} from "../src/keys";
import { privateRedis } from "./support/private-redis";

const redis = privateRedis("lidx");
const client = () => redis.client();

const EVENT = "order/cancelled";
const keyed = (run: Run, key: string): Listener =>
  makeListener({ event: EVENT, runId: run.id, index: { signature: "data.id", key } });

const idsFor = async (store: RedisStore, key: string): Promise<string[]> =>
  (await store.findListeners(EVENT, () => key)).map((l) => l.id).sort();

/** The listener index keys left in the namespace. */
const indexKeys = async (store: RedisStore): Promise<string[]> =>
  (await redis.keysOf(store.prefix)).filter((k) => /^(l$|li:|lk:|ls:|lu:)/.test(k));

const remove = async (store: RedisStore, run: Run, listeners: readonly Listener[]) => {
  const commit = makeCommit(nextVersion(run), run.version, {
    removeListeners: listeners.map((l) => l.id),
  });
  expect((await store.commitRun(commit))._tag).toBe("Right");
};

describe("the listener index", () => {
  it("keeps the first listener of a key in the event's hash and the others in the key's set", async () => {
    const store = redis.fresh();
    const keys = keysFor(store.prefix);
    const run = makeRun({ state: "waiting" });
    const [a, b, c] = ["a", "b", "c"].map((n) => makeListener({ ...keyed(run, "k"), id: n }));
    await store.createRun(makeWrite(run, { addListeners: [a, b, c] as Listener[] }));
    const field = listenerIndexField("data.id", "k");
    expect(await client().hgetall(listenerIndexKey(keys, EVENT))).toEqual({ [field]: "a" });
    expect((await client().smembers(listenerSetKey(keys, EVENT, "data.id", "k"))).sort()).toEqual([
      "b",
      "c",
    ]);
    expect(await client().hget(signaturesKey(keys, EVENT), "data.id")).toBe("3");
    expect(await idsFor(store, "k")).toEqual(["a", "b", "c"]);

    // The first one gone, the next listener of the key takes the hash's field.
    await remove(store, run, [a as Listener]);
    const again = nextVersion(run);
    const d = makeListener({ ...keyed(run, "k"), id: "d" });
    const added = makeCommit(nextVersion(again), again.version, { addListeners: [d] });
    expect((await store.commitRun(added))._tag).toBe("Right");
    expect(await client().hgetall(listenerIndexKey(keys, EVENT))).toEqual({ [field]: "d" });
    expect(await idsFor(store, "k")).toEqual(["b", "c", "d"]);
    expect(await client().hget(signaturesKey(keys, EVENT), "data.id")).toBe("3");

    const last = nextVersion(again);
    await remove(store, last, [b, c, d] as Listener[]);
    expect(await indexKeys(store)).toEqual([]);
  });

  it("reads and empties the sets of the layout before the hash, whichever process removes", async () => {
    const store = redis.fresh();
    const keys = keysFor(store.prefix);
    const run = makeRun({ state: "waiting" });
    const old = keyed(run, "k");
    await store.createRun(makeWrite(run, { addListeners: [old] }));
    // What the version before wrote: the key's set held every listener, and no hash existed.
    await client().del(listenerIndexKey(keys, EVENT));
    await client().sadd(listenerSetKey(keys, EVENT, "data.id", "k"), old.id);
    expect(await idsFor(store, "k")).toEqual([old.id]);

    const next = nextVersion(run);
    const added = keyed(run, "k");
    const write = makeCommit(next, run.version, { addListeners: [added] });
    expect((await store.commitRun(write))._tag).toBe("Right");
    expect(await idsFor(store, "k")).toEqual([old.id, added.id].sort());
    expect(await client().hget(signaturesKey(keys, EVENT), "data.id")).toBe("2");

    // Another process, which knows neither listener's keys: the script names them.
    const other = redisStore({ client: client(), prefix: store.prefix });
    await remove(other, next, [old, added]);
    expect(await idsFor(store, "k")).toEqual([]);
    expect(await indexKeys(store)).toEqual([]);
  });
});
