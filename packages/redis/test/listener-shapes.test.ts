import { createHash } from "node:crypto";
import {
  anyListener,
  makeCommit,
  makeListener,
  makeRun,
  makeWrite,
  nextVersion,
} from "@quell/conformance";
import { Listener, type Run } from "@quell/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { hashTag, type RedisStore } from "../src/index";
import { expandListener, LISTENER_NAMES, storedListener } from "../src/stored-form";
import { privateRedis } from "./support/private-redis";

// Listener shapes (src/stored-form.ts, includes/listenerShapes.lua): what the listeners of one
// rule share is stored once in `l:s`, counted, and deleted with its last listener.

const redis = privateRedis("shape");
const client = () => redis.client();

/** Property runs through Redis (each one a fresh namespace and a few round trips). */
const RUNS_IN_REDIS = Number(process.env.QUELL_PROPERTY_RUNS ?? 60);

const EVENT = "order/cancelled";

/** A `cancelOn` listener of one run, as the core makes it: its id starts with the run's. */
const cancelOf = (run: Run, key: string, expression = "event.data.id == async.data.id") =>
  makeListener({
    id: `${run.id}:cancel:0`,
    runId: run.id,
    functionId: "shop-fn",
    event: EVENT,
    expression,
    index: { signature: "data.id", key },
  });

const shapesOf = async (store: RedisStore): Promise<Record<string, string>> =>
  client().hgetall(`${hashTag(store.prefix)}l:s`);

const listenerKeysLeft = async (store: RedisStore): Promise<string[]> =>
  (await redis.keysOf(store.prefix)).filter((k) => /^(l$|l:s$|li:|lk:|ls:|lu:)/.test(k));

/** Runs, each with its listeners, created in `store`. */
const createAll = async (store: RedisStore, entries: readonly [Run, Listener[]][]) => {
  for (const [run, listeners] of entries) {
    const result = await store.createRun(makeWrite(run, { addListeners: listeners }));
    expect(result._tag).toBe("Right");
  }
};

const removeAll = async (store: RedisStore, run: Run, listeners: readonly Listener[]) => {
  const commit = makeCommit(nextVersion(run), run.version, {
    removeListeners: listeners.map((l) => l.id),
  });
  expect((await store.commitRun(commit))._tag).toBe("Right");
};

/** What the version before shapes stored: the short form with `i`, every field but defaults. */
const previousShortJson = (listener: Listener): string => {
  const out: Record<string, unknown> = {};
  for (const [field, short] of Object.entries(LISTENER_NAMES)) {
    const value = listener[field as keyof Listener];
    if (value !== null) out[short] = value;
  }
  return JSON.stringify(out);
};

describe("listener shapes", () => {
  it("gives back a listener whose id starts with its run's (the run id kept as a length)", async () => {
    const prefixed = anyListener.chain((listener) =>
      fc
        .constantFrom(":cancel:0", ":cascade", `:wait:${"a".repeat(40)}`, "")
        .map((suffix) => ({ ...listener, id: `${listener.runId}${suffix}` })),
    );
    fc.assert(
      fc.property(prefixed, (listener) => {
        const { shape, own } = storedListener(listener, false);
        expect(own.r).toBe(listener.runId.length);
        const shapes = new Map([["x", shape]]);
        const json = JSON.parse(`{"s":"x",${JSON.stringify(own).slice(1)}`);
        expect(Listener.decode(expandListener(json, listener.id, shapes))).toEqual({
          _tag: "Right",
          right: listener,
        });
      }),
      { numRuns: 300 },
    );
    await fc.assert(
      fc.asyncProperty(fc.array(prefixed, { minLength: 1, maxLength: 4 }), async (listeners) => {
        const store = redis.fresh();
        const unique = [...new Map(listeners.map((l) => [l.id, l])).values()];
        const run = makeRun();
        await createAll(store, [[run, unique]]);
        for (const listener of unique) {
          const keyFor = (signature: string) =>
            signature === listener.index?.signature ? listener.index.key : null;
          const found = await store.findListeners(listener.event, keyFor);
          expect(found).toContainEqual(listener);
        }
        await removeAll(store, run, unique);
        expect(await listenerKeysLeft(store)).toEqual([]);
      }),
      { numRuns: RUNS_IN_REDIS },
    );
  });

  it("stores the shape many listeners share once, and deletes it with the last of them", async () => {
    const store = redis.fresh();
    const tag = hashTag(store.prefix);
    const runs = Array.from({ length: 40 }, () => makeRun({ state: "sleeping" }));
    await createAll(
      store,
      runs.map((run, i) => [run, [cancelOf(run, `"o-${i}"`)]]),
    );
    const shapes = await shapesOf(store);
    expect(Object.keys(shapes)).toHaveLength(1);
    const [value] = Object.values(shapes);
    expect(value).toMatch(/^40 \{"f":"shop-fn","k":"cancel","e":"order\/cancelled",/);
    // Each listener's JSON keeps only its own fields: no id, run id, function or expression.
    const own = await client().hget(`${tag}l`, `${runs[0]?.id}:cancel:0`);
    expect(own).toMatch(/^\{"s":"[0-9a-f]{8}","r":\d+,"ky":"\\"o-0\\"","as":0\}$/);
    expect(await store.findListeners(EVENT, () => '"o-7"')).toEqual([
      cancelOf(runs[7] as Run, '"o-7"'),
    ]);

    for (const [i, run] of runs.entries()) {
      await removeAll(store, run, [cancelOf(run, `"o-${i}"`)]);
      const left = runs.length - i - 1;
      expect(Object.values(await shapesOf(store))).toEqual(
        left === 0 ? [] : [expect.stringMatching(new RegExp(`^${left} `))],
      );
    }
    expect(await listenerKeysLeft(store)).toEqual([]);
  });

  it("leaves no shape behind for an expression built per run", async () => {
    const store = redis.fresh();
    const runs = Array.from({ length: 12 }, () => makeRun({ state: "waiting" }));
    const listeners = runs.map((run, i) =>
      cancelOf(run, `"o-${i}"`, `event.data.id == "o-${i}" && event.data.n > ${i}`),
    );
    await createAll(
      store,
      runs.map((run, i) => [run, [listeners[i] as Listener]]),
    );
    expect(Object.keys(await shapesOf(store))).toHaveLength(12);
    expect(await store.findListeners(EVENT, () => '"o-3"')).toEqual([listeners[3]]);
    // Replacing a listener with the same id (and shape) keeps one count, not two.
    const [first] = runs;
    const again = nextVersion(first as Run);
    await store.commitRun(
      makeCommit(again, first?.version ?? 0, { addListeners: [listeners[0] as Listener] }),
    );
    expect(Object.values(await shapesOf(store)).filter((v) => v.startsWith("1 "))).toHaveLength(12);
    await removeAll(store, again, [listeners[0] as Listener]);
    for (const [i, run] of runs.slice(1).entries()) {
      await removeAll(store, run, [listeners[i + 1] as Listener]);
    }
    expect(await listenerKeysLeft(store)).toEqual([]);
  });

  it("moves a shape whose digest another shape holds, and leaves that one alone", async () => {
    const store = redis.fresh();
    const tag = hashTag(store.prefix);
    const run = makeRun();
    const listener = cancelOf(run, '"o-1"');
    const digest = createHash("sha1")
      .update(JSON.stringify(storedListener(listener, false).shape))
      .digest("hex")
      .slice(0, 8);
    const foreign = `7 ${JSON.stringify({ f: "other", k: "wait", e: EVENT })}`;
    await client().hset(`${tag}l:s`, digest, foreign);
    await createAll(store, [[run, [listener]]]);
    expect(await client().hget(`${tag}l`, listener.id)).toContain(`"s":"${digest}.1"`);
    expect(await store.findListeners(EVENT, () => '"o-1"')).toEqual([listener]);
    await removeAll(store, run, [listener]);
    expect(await shapesOf(store)).toEqual({ [digest]: foreign });
  });

  it("reads, finds and removes listeners stored before shapes (long and short forms)", async () => {
    const store = redis.fresh();
    const tag = hashTag(store.prefix);
    const run = makeRun({ state: "sleeping" });
    const long = cancelOf(run, '"o-1"');
    const short = { ...cancelOf(run, '"o-2"'), id: `${run.id}:cancel:1`, afterSeq: 3 };
    const unindexed = makeListener({ runId: run.id, event: "test/other", expiresAt: 9 });
    // Create through the store (the index keys are the same in every version), then put back
    // what the versions before wrote, as in a namespace they wrote: no shapes.
    await createAll(store, [[run, [long, short, unindexed]]]);
    await client().hset(
      `${tag}l`,
      long.id,
      JSON.stringify(long),
      short.id,
      previousShortJson(short),
      unindexed.id,
      previousShortJson(unindexed),
    );
    await client().del(`${tag}l:s`);
    // A listener added now, beside them, is shaped.
    const other = makeRun();
    const fresh = cancelOf(other, '"o-1"');
    await createAll(store, [[other, [fresh]]]);

    const sorted = (ls: readonly Listener[]) => [...ls].sort((a, b) => a.id.localeCompare(b.id));
    expect(sorted(await store.findListeners(EVENT, () => '"o-1"'))).toEqual(sorted([long, fresh]));
    expect(await store.findListeners(EVENT, () => '"o-2"')).toEqual([short]);
    expect(await store.findListeners("test/other", () => null)).toEqual([unindexed]);

    await removeAll(store, run, [long, short, unindexed]);
    expect(await store.findListeners(EVENT, () => '"o-1"')).toEqual([fresh]);
    expect(Object.keys(await shapesOf(store))).toHaveLength(1);
    await removeAll(store, other, [fresh]);
    expect(await listenerKeysLeft(store)).toEqual([]);
  });

  it("names a listener whose shape is gone as corrupt, and still removes it", async () => {
    const store = redis.fresh();
    const tag = hashTag(store.prefix);
    const run = makeRun();
    const listener = cancelOf(run, '"o-1"');
    await createAll(store, [[run, [listener]]]);
    await client().del(`${tag}l:s`);
    await expect(store.findListeners(EVENT, () => '"o-1"')).rejects.toMatchObject({
      failure: { _tag: "CorruptValue", detail: expect.stringMatching(/\/functionId: /) },
    });
    await removeAll(store, run, [listener]);
    expect(await client().hexists(`${tag}l`, listener.id)).toBe(0);
  });
});
