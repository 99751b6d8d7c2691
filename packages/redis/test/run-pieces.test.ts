import { makeCommit, makePayload, makeRun, makeWrite, nextVersion } from "@quell/conformance";
import type { Run } from "@quell/core";
import { describe, expect, it } from "vitest";
import { hashTag, type RedisStore } from "../src/index";
import { JSON_MAX_PIECES, JSON_PIECE_BYTES } from "../src/stored-form";
import { privateRedis } from "./support/private-redis";
import { putWholeRunJson, storedRun } from "./support/run-json";

// A run's JSON in pieces of 64 bytes, so that its hash stays a listpack on a server at its
// defaults (includes/putRunJson). privateRedis starts redis-server with its default limits.
const redis = privateRedis("pieces");
const client = () => redis.client();

const keyOf = (store: RedisStore, run: Run) => `${hashTag(store.prefix)}r:${run.id}`;
const encoding = async (key: string) => client().object("ENCODING", key);
const jsonBytes = (run: Run) => Buffer.byteLength(JSON.stringify(storedRun(run)));

/** The hash's JSON fields: which form it holds, and the pieces as stored bytes. */
const jsonFields = async (key: string) => {
  const fields = await client().hkeys(key);
  const pieces = fields.filter((field) => /^j\d+$/.test(field));
  return {
    whole: fields.includes("j"),
    count: await client().hget(key, "n"),
    pieces: pieces.length,
    bytes: pieces.length === 0 ? [] : await client().hmgetBuffer(key, ...pieces),
  };
};

/** A run whose stored JSON is exactly `bytes` long, padded by its output. */
const runOfBytes = (bytes: number, base = makeRun({ output: "" })): Run => {
  const run = { ...base, output: "x".repeat(bytes - jsonBytes(base)) };
  expect(jsonBytes(run)).toBe(bytes);
  return run;
};

const sleeping = () =>
  makeRun({
    state: "sleeping",
    startedAt: 2,
    wake: { at: 3_600_000, reason: "sleep" },
    timeline: [{ at: 0, type: "created", detail: "by test/trigger" }],
  });

describe("a run's JSON in pieces", () => {
  it("keeps a sleeping run's hash a listpack on a server at its defaults", async () => {
    const store = redis.fresh();
    const run = sleeping();
    await store.createRun(makeWrite(run));
    const key = keyOf(store, run);
    expect(await encoding(key)).toBe("listpack");
    const stored = await jsonFields(key);
    expect(stored).toMatchObject({ whole: false, count: String(stored.pieces) });
    expect(stored.pieces).toBe(Math.ceil(jsonBytes(run) / JSON_PIECE_BYTES));
    expect(stored.pieces).toBeGreaterThan(1);
    expect(stored.bytes.every((piece) => piece !== null && piece.length <= 64)).toBe(true);
    expect(await store.getRun(run.id)).toEqual(run);
    expect((await store.listRuns({})).runs).toEqual([run]);
  });

  it("joins the pieces as bytes: characters split between two pieces read back whole", async () => {
    const store = redis.fresh();
    // Emoji (4 bytes) and CJK (3 bytes) after each of 4 paddings: piece boundaries fall inside
    // characters.
    const runs = [0, 1, 2, 3].map((pad) =>
      makeRun({
        event: makePayload({ data: { pad: "p".repeat(pad), text: "😀漢字".repeat(40) } }),
        timeline: [{ at: 0, type: "created", detail: "é😀".repeat(10) }],
      }),
    );
    const strict = new TextDecoder("utf-8", { fatal: true });
    let split = 0;
    for (const [i, run] of runs.entries()) {
      expect((await store.createRun(makeWrite(run)))._tag).toBe("Right");
      const { bytes, pieces } = await jsonFields(keyOf(store, run));
      expect(pieces).toBeGreaterThan(1);
      for (const piece of bytes) {
        try {
          strict.decode(piece ?? Buffer.alloc(0));
        } catch {
          split++;
        }
      }
      // The store gives each run its creation position: 1, 2…
      expect(await store.getRun(run.id)).toEqual({ ...run, createdPos: i + 1 });
    }
    expect(split).toBeGreaterThan(0);
  });

  it("stores up to the most pieces the read asks for, and the JSON whole above", async () => {
    const store = redis.fresh();
    const most = runOfBytes(JSON_MAX_PIECES * JSON_PIECE_BYTES);
    const over = runOfBytes(JSON_MAX_PIECES * JSON_PIECE_BYTES + 1);
    await store.createRun(makeWrite(most));
    await store.createRun(makeWrite(over));
    expect(await jsonFields(keyOf(store, most))).toMatchObject({
      whole: false,
      count: String(JSON_MAX_PIECES),
      pieces: JSON_MAX_PIECES,
    });
    expect(await encoding(keyOf(store, most))).toBe("listpack");
    expect(await jsonFields(keyOf(store, over))).toMatchObject({ whole: true, pieces: 0 });
    expect(await store.getRun(most.id)).toEqual(most);
    expect(await store.getRun(over.id)).toEqual({ ...over, createdPos: 2 });
  });

  it("deletes the pieces a shorter JSON no longer has, and all of them when it outgrows them", async () => {
    const store = redis.fresh();
    const run = runOfBytes(10 * JSON_PIECE_BYTES);
    const key = keyOf(store, run);
    await store.createRun(makeWrite(run));
    expect(await jsonFields(key)).toMatchObject({ whole: false, count: "10", pieces: 10 });

    const shorter = { ...nextVersion(run), output: "short" };
    await store.commitRun(makeCommit(shorter, run.version));
    const fewer = Math.ceil(jsonBytes(shorter) / JSON_PIECE_BYTES);
    expect(fewer).toBeLessThan(10);
    expect(await jsonFields(key)).toMatchObject({
      whole: false,
      count: String(fewer),
      pieces: fewer,
    });
    expect(await store.getRun(run.id)).toEqual(shorter);

    // A 100 KB output: "j" alone, and the run reads back exactly.
    const big = { ...nextVersion(shorter), output: { text: "ab😀".repeat(17_000) } };
    await store.commitRun(makeCommit(big, shorter.version));
    expect(await jsonFields(key)).toEqual({ whole: true, count: null, pieces: 0, bytes: [] });
    expect(await store.getRun(run.id)).toEqual(big);

    // The hash is a hash table now: it keeps "j" when the JSON is small again.
    const small = { ...nextVersion(big), output: 1 };
    await store.commitRun(makeCommit(small, big.version));
    expect(await encoding(key)).toBe("hashtable");
    expect(await jsonFields(key)).toMatchObject({ whole: true, count: null, pieces: 0 });
    expect(await store.getRun(run.id)).toEqual(small);
  });

  it("keeps a run stored whole by a version before whole, and commits over it", async () => {
    const store = redis.fresh();
    const run = sleeping();
    const key = keyOf(store, run);
    await store.createRun(makeWrite(run));
    await putWholeRunJson(client(), key, JSON.stringify(storedRun(run)));
    expect(await store.getRun(run.id)).toEqual(run);
    const done = nextVersion(run, { state: "completed", endedAt: 9, wake: null, output: null });
    expect((await store.commitRun(makeCommit(done, run.version)))._tag).toBe("Right");
    expect(await jsonFields(key)).toMatchObject({ whole: true, count: null, pieces: 0 });
    expect(await store.getRun(run.id)).toEqual(done);
  });

  it("stores the JSON whole when another field makes the hash a hash table anyway", async () => {
    const store = redis.fresh();
    const run = { ...sleeping(), functionId: `fn-${"f".repeat(70)}` };
    const key = keyOf(store, run);
    await store.createRun(makeWrite(run));
    expect(await encoding(key)).toBe("hashtable");
    expect(await jsonFields(key)).toMatchObject({ whole: true, count: null, pieces: 0 });
    expect(await store.getRun(run.id)).toEqual(run);
  });

  it("rejects a run whose pieces are not all there", async () => {
    const store = redis.fresh();
    const run = sleeping();
    await store.createRun(makeWrite(run));
    await client().hdel(keyOf(store, run), "j1");
    await expect(store.getRun(run.id)).rejects.toMatchObject({
      failure: { _tag: "CorruptValue", what: "run" },
    });
  });
});
