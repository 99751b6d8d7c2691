import { makeCommit, makeIngest, makeRun, makeWrite, nextVersion } from "@quell/conformance";
import type { Run } from "@quell/core";
import { describe, expect, it } from "vitest";
import type { RedisStore } from "../src/index";
import { keysFor, legacyTriggerKey } from "../src/keys";
import { privateRedis } from "./support/private-redis";

const redis = privateRedis("trig");
const client = () => redis.client();

const prune = (store: RedisStore, at: number) =>
  store.prune({ endedBefore: at, receivedBefore: at, now: at, limit: 100 });

const idsFor = async (store: RedisStore, eventId: string): Promise<string[]> =>
  (await store.runsForEvent(eventId)).map((run) => run.id).sort();

/** End a run at time 5, so retention may delete it from 6 on. */
const end = async (store: RedisStore, run: Run): Promise<void> => {
  const done = nextVersion(run, { state: "completed", endedAt: 5 });
  expect((await store.commitRun(makeCommit(done, run.version)))._tag).toBe("Right");
};

/** What a version before the triggers hash left for `run`: a set of its own for the event. */
const toLegacyLayout = async (store: RedisStore, run: Run): Promise<void> => {
  const keys = keysFor(store.prefix);
  await client().hdel(keys.triggers, run.triggerEventId);
  await client().sadd(legacyTriggerKey(keys, run.triggerEventId), run.id);
};

describe("the triggers hash", () => {
  it("keeps every run of an event in one field, whatever characters the ids hold", async () => {
    const store = redis.fresh();
    const keys = keysFor(store.prefix);
    const trigger = makeIngest();
    await store.ingest([trigger]);
    // "ÿ" is U+00FF: in UTF-8 it is C3 BF, never the separator byte FF.
    const ids = ["run-a", "run-ÿ-b", "run:c d"];
    const runs = ids.map((id) => makeRun({ id, triggerEventId: trigger.internalId }));
    for (const run of runs) await store.createRun(makeWrite(run));
    const value = await client().hgetBuffer(keys.triggers, trigger.internalId);
    expect(value?.toString("latin1").split("\xff")).toEqual(
      ids.map((id) => Buffer.from(id).toString("latin1")),
    );
    expect(await idsFor(store, trigger.internalId)).toEqual(ids.slice().sort());

    await store.markProcessed(trigger.internalId);
    await end(store, runs[1] as Run);
    expect((await prune(store, 6)).runs).toBe(1);
    expect(await idsFor(store, trigger.internalId)).toEqual(["run-a", "run:c d"]);
    expect(await client().zscore(keys.eventsIdle, trigger.internalId)).toBeNull();

    for (const run of [runs[0], runs[2]] as Run[]) await end(store, run);
    // With no run left, the event is idle, and deleted in the same batch.
    expect(await prune(store, 6)).toMatchObject({ runs: 2, events: 1 });
    expect(await redis.keysOf(store.prefix)).toEqual(["created", "seq"]);
  });
});

describe("trigger sets written by the version before the hash", () => {
  it("are read beside the hash and keep their event from retention", async () => {
    const store = redis.fresh();
    const keys = keysFor(store.prefix);
    const trigger = makeIngest();
    await store.ingest([trigger]);
    const old = makeRun({ triggerEventId: trigger.internalId });
    await store.createRun(makeWrite(old));
    await toLegacyLayout(store, old);

    await store.markProcessed(trigger.internalId);
    expect(await client().zscore(keys.eventsIdle, trigger.internalId)).toBeNull();
    const added = makeRun({ triggerEventId: trigger.internalId });
    await store.createRun(makeWrite(added));
    expect(await idsFor(store, trigger.internalId)).toEqual([added.id, old.id].sort());

    await end(store, old);
    expect((await prune(store, 6)).runs).toBe(1);
    expect(await client().exists(legacyTriggerKey(keys, trigger.internalId))).toBe(0);
    expect(await idsFor(store, trigger.internalId)).toEqual([added.id]);
    expect(await client().zscore(keys.eventsIdle, trigger.internalId)).toBeNull();

    await end(store, added);
    expect(await prune(store, 6)).toMatchObject({ runs: 1, events: 1 });
    expect(await redis.keysOf(store.prefix)).toEqual(["created", "seq"]);
  });

  it("let the run go when a commit names another trigger", async () => {
    const store = redis.fresh();
    const keys = keysFor(store.prefix);
    const [first, second] = [makeIngest(), makeIngest()];
    await store.ingest([first, second]);
    const run = makeRun({ triggerEventId: first.internalId });
    await store.createRun(makeWrite(run));
    await toLegacyLayout(store, run);
    await store.markProcessed(first.internalId);

    const moved = nextVersion(run, { triggerEventId: second.internalId });
    expect((await store.commitRun(makeCommit(moved, run.version)))._tag).toBe("Right");
    expect(await client().exists(legacyTriggerKey(keys, first.internalId))).toBe(0);
    expect(await idsFor(store, first.internalId)).toEqual([]);
    expect(await idsFor(store, second.internalId)).toEqual([run.id]);
    expect(await client().zscore(keys.eventsIdle, first.internalId)).toBe("0");
  });
});
