import {
  anyListener,
  anyRun,
  makeCommit,
  makeIngest,
  makeListener,
  makePayload,
  makeRun,
  makeWrite,
  nextVersion,
} from "@quell/conformance";
import { Listener, Run } from "@quell/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { hashTag, redisStore } from "../src/index";
import { SCRIPTS } from "../src/scripts";
import {
  expandListener,
  expandRun,
  LISTENER_NAMES,
  RUN_HASH_FIELDS,
  RUN_NAMES,
  storedListener,
  storedRunBody,
} from "../src/stored-form";
import { commandsDuring } from "./support/monitor";
import { privateRedis } from "./support/private-redis";
import { ownFieldsOf, putWholeRunJson, storedRun, storedRunJson } from "./support/run-json";

const redis = privateRedis("stored");
const { fresh, keysOf } = redis;
const client = () => redis.client();

/** Property runs through Redis (each one a fresh namespace and a few round trips). */
const RUNS_IN_REDIS = Number(process.env.QUELL_PROPERTY_RUNS ?? 60);

/** What the previous version stored for a run: long names, nulls, `createdPos` appended. */
const legacyRunJson = (run: Run, createdPos: number): string => {
  const { createdPos: _assigned, events, ...rest } = run;
  const single = events.length === 1 && events[0] === run.event;
  const json = JSON.stringify(single ? rest : { ...rest, events });
  return `${json.slice(0, -1)},"createdPos":${createdPos}}`;
};

/** What the version before the run's own fields left `j` stored: the short form with them. */
const previousShortRunJson = (run: Run, createdPos: number): string =>
  JSON.stringify({
    i: run.id,
    f: run.functionId,
    v: run.version,
    s: run.state,
    t: run.triggerEventId,
    ...storedRun(run),
    p: createdPos,
  });

/** What the previous version stored for a listener stamped at commit: `afterSeq` appended. */
const legacyListenerJson = (listener: Listener): string => {
  const { afterSeq, ...rest } = listener;
  return `${JSON.stringify(rest).slice(0, -1)},"afterSeq":${afterSeq}}`;
};

const listenerIndexKeys = async (prefix: string) =>
  (await keysOf(prefix)).filter((k) => /^(l$|l:s$|li:|lk:|ls:|lu:)/.test(k));

describe("the stored form's names", () => {
  it("gives each field its own short name, and none is `id` (which marks the long form)", () => {
    for (const names of [RUN_NAMES, LISTENER_NAMES]) {
      const shorts = Object.values(names);
      expect(new Set(shorts).size).toBe(shorts.length);
      expect(shorts).not.toContain("id");
      expect(shorts.every((short) => short.length <= 2)).toBe(true);
    }
  });

  it("leaves out every field at its default, and a run's id and the fields its hash keeps", () => {
    expect(Object.keys(storedRun(makeRun()))).toEqual(["e", "a", "q", "c", "tl", "fc"]);
    expect(Object.keys(storedRunBody(makeRun()))).toEqual(["a", "q", "c", "tl", "fc"]);
    const { shape, own } = storedListener(makeListener(), false);
    expect(Object.keys(shape)).toEqual(["f", "k", "e"]);
    expect(Object.keys(own)).toEqual(["r", "as"]);
    expect(Object.keys(storedListener(makeListener(), true).own)).toEqual(["r"]);
  });

  it("gives back any run and any listener through JSON, a run completed by its hash's fields", () => {
    fc.assert(
      fc.property(anyRun, (run) => {
        const json = JSON.stringify(storedRun(run));
        const decoded = Run.decode(expandRun(JSON.parse(json), ownFieldsOf(run)));
        expect(decoded).toEqual({ _tag: "Right", right: run });
      }),
      { numRuns: 300 },
    );
    fc.assert(
      fc.property(anyListener, (listener) => {
        // As the write script stores it: the shape's id first (includes/listenerShapes).
        const { shape, own } = storedListener(listener, false);
        const json = `{"s":"x",${JSON.stringify(own).slice(1)}`;
        const shapes = new Map([["x", JSON.parse(JSON.stringify(shape))]]);
        const decoded = Listener.decode(expandListener(JSON.parse(json), listener.id, shapes));
        expect(decoded).toEqual({ _tag: "Right", right: listener });
      }),
      { numRuns: 300 },
    );
  });
});

describe("the stored form on Redis", () => {
  it("gives back any run it was given, created and committed over", async () => {
    await fc.assert(
      fc.asyncProperty(anyRun, anyRun, async (first, second) => {
        const store = fresh();
        expect((await store.createRun(makeWrite(first)))._tag).toBe("Right");
        // createdPos is the store's: the first run created in a namespace gets 1.
        expect(await store.getRun(first.id)).toEqual({ ...first, createdPos: 1 });
        const next = { ...second, id: first.id, version: first.version + 1 };
        const result = await store.commitRun(makeCommit(next, first.version));
        expect(result._tag).toBe("Right");
        expect(await store.getRun(first.id)).toEqual({ ...next, createdPos: 1 });
        expect((await store.listRuns({})).runs).toEqual([{ ...next, createdPos: 1 }]);
      }),
      { numRuns: RUNS_IN_REDIS },
    );
  });

  it("gives back any listener it was given, stamped at commit or not, and removes it whole", async () => {
    await fc.assert(
      fc.asyncProperty(anyListener, fc.boolean(), async (listener, stamp) => {
        const store = fresh();
        await store.ingest([makeIngest(), makeIngest()]);
        const run = makeRun({ id: listener.runId });
        const write = makeWrite(run, { addListeners: [listener], stampListenersAtCommit: stamp });
        expect((await store.createRun(write))._tag).toBe("Right");
        const keyFor = (signature: string) =>
          signature === listener.index?.signature ? listener.index.key : null;
        const expected = stamp ? { ...listener, afterSeq: 2 } : listener;
        expect(await store.findListeners(listener.event, keyFor)).toEqual([expected]);
        const removal = makeCommit(nextVersion(run), run.version, {
          removeListeners: [listener.id],
        });
        expect((await store.commitRun(removal))._tag).toBe("Right");
        expect(await store.findListeners(listener.event, keyFor)).toEqual([]);
        expect(await listenerIndexKeys(store.prefix)).toEqual([]);
      }),
      { numRuns: RUNS_IN_REDIS },
    );
  });

  it("reads runs and listeners the previous version stored (long names, nulls) and commits over them", async () => {
    const store = fresh();
    const tag = hashTag(store.prefix);
    const run = makeRun({
      state: "sleeping",
      startedAt: 2,
      wake: { at: 3_600_000, reason: "sleep" },
      timeline: [{ at: 0, type: "created", detail: "by test/trigger" }],
    });
    const batch = makeRun({ events: [makePayload(), makePayload()] });
    const short = makeRun({ state: "running", startedAt: 4 });
    const indexed = makeListener({
      runId: run.id,
      event: "test/cancel",
      expression: "event.data.id == async.data.id",
      index: { signature: "data.id", key: '"x-1"' },
      afterSeq: 1,
    });
    const unindexed = makeListener({ runId: run.id, event: "test/other" });
    // The keys and indexes are the same in both versions: create through the store, then put
    // back the values the previous version wrote, as they would be in a namespace it wrote.
    await store.createRun(makeWrite(run, { addListeners: [indexed, unindexed] }));
    await store.createRun(makeWrite(batch));
    await store.createRun(makeWrite(short));
    await putWholeRunJson(client(), `${tag}r:${run.id}`, legacyRunJson(run, 1));
    await putWholeRunJson(client(), `${tag}r:${batch.id}`, legacyRunJson(batch, 2));
    await putWholeRunJson(client(), `${tag}r:${short.id}`, previousShortRunJson(short, 3));
    await client().hset(
      `${tag}l`,
      indexed.id,
      legacyListenerJson(indexed),
      unindexed.id,
      JSON.stringify(unindexed),
    );
    await client().del(`${tag}l:s`); // the previous version had no shapes
    expect(await client().hget(`${tag}r:${run.id}`, "j")).toContain('"endedAt":null');
    expect(await client().hget(`${tag}l`, unindexed.id)).toContain('"index":null');

    expect(await store.getRun(run.id)).toEqual({ ...run, createdPos: 1 });
    expect(await store.getRun(batch.id)).toEqual({ ...batch, createdPos: 2 });
    expect(await store.getRun(short.id)).toEqual({ ...short, createdPos: 3 });
    expect((await store.listRuns({})).runs).toHaveLength(3);
    expect(await store.findListeners("test/cancel", () => '"x-1"')).toEqual([indexed]);
    expect(await store.findListeners("test/other", () => null)).toEqual([unindexed]);

    // A commit over them: the scripts read the long listeners' index to remove them whole.
    const done = nextVersion(run, { state: "completed", endedAt: 9, wake: null, output: null });
    const commit = makeCommit(done, run.version, {
      removeListeners: [indexed.id, unindexed.id],
      timer: null,
    });
    expect((await store.commitRun(commit))._tag).toBe("Right");
    expect(await store.getRun(run.id)).toEqual({ ...done, createdPos: 1 });
    const rewritten = JSON.parse((await storedRunJson(client(), `${tag}r:${run.id}`)) ?? "{}");
    for (const own of ["id", "i", "v", "s", "f", "t", "p"])
      expect(rewritten).not.toHaveProperty(own);
    expect(await listenerIndexKeys(store.prefix)).toEqual([]);
    const next = nextVersion(short, { state: "completed", endedAt: 9, output: 1 });
    expect((await store.commitRun(makeCommit(next, short.version)))._tag).toBe("Right");
    expect(await store.getRun(short.id)).toEqual({ ...next, createdPos: 3 });
  });

  it("reads a run with one script, its JSON and its hash's own fields together", async () => {
    const store = fresh();
    const run = makeRun();
    await store.createRun(makeWrite(run));
    // A store new to the run (its writer knows the run's trigger, and reads without a script).
    const reader = redisStore({ client: client(), prefix: store.prefix });
    expect(await reader.getRun("no-such-run")).toBeNull(); // its first call checks the layout
    const commands = await commandsDuring(client(), async () => {
      expect(await reader.getRun(run.id)).toEqual(run);
    });
    const seen = commands.map(({ args }) => args);
    // Its trigger event was never ingested: the run's JSON holds it, nothing else is read.
    const key = `${hashTag(store.prefix)}r:${run.id}`;
    expect(seen).toEqual([
      ["evalsha", SCRIPTS.getRun.sha, "2", key, `${hashTag(store.prefix)}ev`, ...RUN_HASH_FIELDS],
      ["HMGET", key, ...RUN_HASH_FIELDS],
    ]);
  });

  it("names the wrong field of a short-form value", async () => {
    const store = fresh();
    const tag = hashTag(store.prefix);
    const run = makeRun();
    const listener = makeListener({ runId: run.id });
    await store.createRun(makeWrite(run, { addListeners: [listener] }));
    const corrupt = (detail: string) => ({ failure: { _tag: "CorruptValue", detail } });

    const key = `${tag}r:${run.id}`;
    await putWholeRunJson(client(), key, JSON.stringify({ ...storedRun(run), s: "odd", p: 1 }));
    await expect(store.getRun(run.id)).rejects.toMatchObject(
      corrupt(expect.stringMatching(/\/state: /)),
    );
    const { c: _createdAt, ...withoutCreatedAt } = storedRun(run);
    await putWholeRunJson(client(), key, JSON.stringify({ ...withoutCreatedAt, p: 1 }));
    await expect(store.getRun(run.id)).rejects.toMatchObject(
      corrupt(expect.stringMatching(/undefined supplied to .*\/createdAt: /)),
    );

    // The fields the hash keeps on their own are named as the JSON's are.
    await putWholeRunJson(client(), key, JSON.stringify(storedRun(run)));
    await client().hset(key, "s", "odd");
    await expect(store.getRun(run.id)).rejects.toMatchObject(
      corrupt(expect.stringMatching(/\/state: /)),
    );
    await client().hdel(key, "v");
    await expect(store.getRun(run.id)).rejects.toMatchObject(
      corrupt(expect.stringMatching(/undefined supplied to .*\/version: /)),
    );

    const [shapeId] = await client().hkeys(`${tag}l:s`);
    const odd = JSON.stringify({ ...storedListener(listener, false).shape, k: "odd" });
    await client().hset(`${tag}l:s`, shapeId ?? "", odd);
    await expect(store.findListeners(listener.event, () => null)).rejects.toMatchObject(
      corrupt(expect.stringMatching(/\/kind: /)),
    );
  });
});
