import {
  makeCommit,
  makeIngest,
  makeListener,
  makePayload,
  makeRun,
  makeWrite,
  nextVersion,
} from "@quell/conformance";
import type { Listener } from "@quell/core";
import { describe, expect, it } from "vitest";
import { eventMember } from "../src/encode";
import { hashTag, RedisStoreError, redisStore } from "../src/index";
import { uniquePrefix } from "../src/testing";
import { commandsDuring } from "./support/monitor";
import { privateRedis } from "./support/private-redis";
import { putWholeRunJson, storedRunJson } from "./support/run-json";

const redis = privateRedis("layout");
const { fresh, keysOf } = redis;
const client = () => redis.client();

const keyed = (event: string, signature: string, key: string, runId: string): Listener =>
  makeListener({ event, runId, index: { signature, key } });

describe("redis key layout", () => {
  it("keeps one sleeping run in the documented keys", async () => {
    const store = fresh();
    const run = makeRun({
      id: "run-1",
      state: "sleeping",
      functionId: "app-fn",
      triggerEventId: "ev-1",
    });
    const listener = keyed("order/cancelled", "data.id", "o-1", run.id);
    await store.createRun(makeWrite(run, { addListeners: [listener], timer: 5_000 }));
    expect(await keysOf(store.prefix)).toEqual([
      "created",
      "l",
      "l:s",
      "li:order/cancelled",
      "ls:order/cancelled",
      "r:run-1",
      "timers",
      "x:f:sleeping:app-fn",
      "x:s:sleeping",
      "x:t",
    ]);
  });

  it("leaves no index key behind once every listener and state moved on", async () => {
    const store = fresh();
    const run = makeRun({ state: "waiting" });
    const listeners = [
      keyed("é/ü", "data.ключ", "値", run.id),
      keyed("a:b", "c", "k", run.id),
      makeListener({ event: "a:b", runId: run.id }),
    ];
    await store.createRun(makeWrite(run, { addListeners: listeners, timer: 1 }));
    const done = nextVersion(run, { state: "completed" });
    await store.commitRun(
      makeCommit(done, run.version, { removeListeners: listeners.map((l) => l.id), timer: null }),
    );
    expect(
      (await keysOf(store.prefix)).filter((k) => /^(l|lk|ls|lu|x:s:waiting|timers)/.test(k)),
    ).toEqual([]);
  });

  it("keeps names that share characters apart (length-prefixed index keys)", async () => {
    const store = fresh();
    const run = makeRun();
    const a = keyed("a", "b:c", "k", run.id);
    const b = keyed("a:b", "c", "k", run.id);
    const c = keyed("é", "s", "k", run.id);
    await store.createRun(makeWrite(run, { addListeners: [a, b, c] }));
    expect(await store.findListeners("a", (s) => (s === "b:c" ? "k" : null))).toEqual([a]);
    expect(await store.findListeners("a:b", (s) => (s === "c" ? "k" : null))).toEqual([b]);
    expect(await store.findListeners("é", () => "k")).toEqual([c]);
  });

  it("keeps namespaces apart", async () => {
    const one = fresh();
    const two = fresh();
    await one.ingest([makeIngest()]);
    await one.createRun(makeWrite(makeRun(), { enqueueAt: 1 }));
    expect(await two.lastSeq()).toBe(0);
    expect(await two.claimQueued(10, 10, 100)).toEqual([]);
    expect((await two.listRuns({})).runs).toEqual([]);
  });
});

describe("redis matching cost (SPEC R7)", () => {
  it("reads only the sets of the incoming event's keys, whatever the number of listeners", async () => {
    const store = fresh();
    for (let i = 0; i < 300; i++) {
      const run = makeRun();
      const listener = keyed("order/cancelled", "data.orderId", `o-${i}`, run.id);
      await store.createRun(makeWrite(run, { addListeners: [listener] }));
    }
    let found: Awaited<ReturnType<typeof store.findListeners>> = [];
    const commands = await commandsDuring(client(), async () => {
      found = await store.findListeners("order/cancelled", () => "o-42");
    });
    const seen = commands.filter(({ lua }) => lua).map(({ args }) => args);
    expect(found.map((l) => l.index?.key)).toEqual(["o-42"]);
    expect(seen.map((args) => args[0])).toEqual([
      "HKEYS",
      "SMEMBERS",
      "HMGET",
      "SMEMBERS",
      "HMGET",
      "HMGET",
    ]);
    const [, , firsts, more, , shapes] = seen;
    expect(firsts).toEqual([
      "HMGET",
      `${hashTag(store.prefix)}li:order/cancelled`,
      "12:data.orderId:o-42",
    ]);
    expect(more).toEqual([
      "SMEMBERS",
      `${hashTag(store.prefix)}lk:15:order/cancelled:12:data.orderId:o-42`,
    ]);
    // The 300 listeners share one shape: the lookup reads it with them, in the same script.
    expect(shapes?.slice(0, 2)).toEqual(["HMGET", `${hashTag(store.prefix)}l:s`]);
    expect(shapes).toHaveLength(3);
  });
});

describe("redis event listing keys", () => {
  it("orders events by the same sortable time in Lua as in TypeScript", async () => {
    const store = fresh();
    const times = [-1.5, -0, 0, 0.1, 1, 1_700_000_000_123, 2 ** 53, -1e21, 1e21];
    const requests = times.map((receivedAt, i) =>
      makeIngest({ internalId: `ev-${i}`, name: "a:b", receivedAt }),
    );
    await store.ingest(requests);
    const expected = requests.map((r) => eventMember(r)).sort();
    expect(await client().zrange(`${hashTag(store.prefix)}ev:o`, 0, -1)).toEqual(expected);
    expect(await client().zrange(`${hashTag(store.prefix)}ev:o:a:b`, 0, -1)).toEqual(expected);
  });

  it("keeps the cancelling event's set while a run's record names it, and no key after prune", async () => {
    const store = fresh();
    const [event] = await store.ingest([makeIngest({ internalId: "ev-c", name: "x/y" })]);
    expect(event?._tag).toBe("Ingested");
    await store.markProcessed("ev-c");
    const cancellation = { source: "event" as const, at: 5, event_id: "ev-c" };
    const run = makeRun({ id: "run-c", state: "cancelled", endedAt: 5, cancellation });
    await store.createRun(makeWrite(run));
    expect(await client().smembers(`${hashTag(store.prefix)}x:c:ev-c`)).toEqual(["run-c"]);
    expect(await client().hget(`${hashTag(store.prefix)}r:run-c`, "c")).toBe("ev-c");
    await store.prune({ endedBefore: 10, receivedBefore: 10, now: 10, limit: 10 });
    expect((await keysOf(store.prefix)).filter((k) => /^(ev|x:c|r:)/.test(k))).toEqual([]);
  });
});

describe("redis specifics", () => {
  it("treats a resent ingestion of the same internal id as already done", async () => {
    const store = fresh();
    const request = makeIngest({ dedupeKey: "k", receivedAt: 7 });
    const [first] = await store.ingest([request]);
    const [again] = await store.ingest([request]);
    expect(again).toEqual(first);
    expect(await store.lastSeq()).toBe(1);
    expect(await store.pendingEvents(10)).toHaveLength(1);
  });

  it("forgets user event ids once their window closed, on later keyed ingestions", async () => {
    const store = fresh({ dedupeWindowMs: 100 });
    await store.ingest([makeIngest({ dedupeKey: "a", receivedAt: 0 })]);
    await store.ingest([makeIngest({ dedupeKey: "b", receivedAt: 50 })]);
    expect(await client().hkeys(`${hashTag(store.prefix)}dd`)).toEqual(["a", "b"]);
    await store.ingest([makeIngest({ dedupeKey: "c", receivedAt: 100 })]);
    expect((await client().hkeys(`${hashTag(store.prefix)}dd`)).sort()).toEqual(["b", "c"]);
    expect(await client().zrange(`${hashTag(store.prefix)}dd:at`, 0, -1)).toEqual(["b", "c"]);
  });

  it("reloads its scripts after the server forgot them", async () => {
    const store = fresh();
    await store.ingest([makeIngest()]);
    await client().script("FLUSH");
    await store.ingest([makeIngest()]);
    expect(await store.lastSeq()).toBe(2);
  });

  it("stores a run's trigger event once, and a batch's events as they are", async () => {
    const store = fresh();
    const single = makeRun();
    const other = makePayload({ name: "test/second" });
    const batch = makeRun({ events: [single.event, other] });
    await store.createRun(makeWrite(single));
    await store.createRun(makeWrite(batch));
    const stored = async (id: string) =>
      JSON.parse((await storedRunJson(client(), `${hashTag(store.prefix)}r:${id}`)) ?? "{}");
    // `es` is `events`' short name (stored-form.ts).
    expect(await stored(single.id)).not.toHaveProperty("es");
    expect((await stored(batch.id)).es).toEqual([single.event, other]);
    expect((await store.getRun(single.id))?.events).toEqual([single.event]);
    expect((await store.getRun(batch.id))?.events).toEqual([single.event, other]);
    const listed = await store.listRuns({ limit: 10 });
    expect(listed.runs.map((r) => r.events.length).sort()).toEqual([1, 2]);
  });

  it("rejects a stored value that does not decode with a RedisStoreError", async () => {
    const store = fresh();
    const run = makeRun();
    await store.createRun(makeWrite(run));
    await putWholeRunJson(
      client(),
      `${hashTag(store.prefix)}r:${run.id}`,
      JSON.stringify({ ...run, state: "odd" }),
    );
    const read = store.getRun(run.id);
    await expect(read).rejects.toBeInstanceOf(RedisStoreError);
    await expect(read).rejects.toMatchObject({ failure: { _tag: "CorruptValue", what: "run" } });
  });

  it("still commits when a listener it removes was stored corrupt", async () => {
    const store = fresh();
    const run = makeRun();
    const listener = makeListener({ runId: run.id });
    await store.createRun(makeWrite(run, { addListeners: [listener] }));
    await client().hset(`${hashTag(store.prefix)}l`, listener.id, "{not json");
    const next = nextVersion(run);
    const result = await store.commitRun(makeCommit(next, 1, { removeListeners: [listener.id] }));
    expect(result._tag).toBe("Right");
    expect(await store.getRun(run.id)).toEqual(next);
    expect(await client().hexists(`${hashTag(store.prefix)}l`, listener.id)).toBe(0);
  });

  it("refuses a NaN time before sending anything", async () => {
    const store = fresh();
    const run = makeRun();
    await expect(store.createRun(makeWrite(run, { timer: Number.NaN }))).rejects.toThrow(
      RangeError,
    );
    expect(await store.getRun(run.id)).toBeNull();
  });

  it("opens and closes its own connection from a url", async () => {
    const store = redisStore({ url: redis.url(), prefix: uniquePrefix("own") });
    redis.dropLater(store);
    await store.setFunctionPaused("app-fn", true);
    expect([...(await store.pausedFunctions())]).toEqual(["app-fn"]);
    await store.close();
    await expect(store.pausedFunctions()).rejects.toThrow();
  });
});
