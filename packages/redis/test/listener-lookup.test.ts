import { makeCommit, makeListener, makeRun, makeWrite, nextVersion } from "@quell/conformance";
import type { Listener, Run } from "@quell/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type RedisStore, redisStore } from "../src/index";
import { privateRedis } from "./support/private-redis";
import { scriptsRun } from "./support/script-calls";

// findListeners guesses an event name's index signatures from its last lookup, so that one
// script answers (src/listeners.ts). Whatever the guess, the answer must be every listener
// stored under the signatures in use: here a store that looked before is checked against a
// new store instance (no guess) after another store changed the listeners.

const redis = privateRedis("llook");
const EVENT = "order/cancelled";
const SIGNATURES = ["data.id", "data.userId", "data.region"] as const;

/** Another store instance of `store`'s namespace (same client): its own signature memory. */
const twin = (store: RedisStore): RedisStore =>
  redisStore({ client: redis.client(), prefix: store.prefix });

const listenerFor = (run: Run, signature: string | null, key: string): Listener =>
  makeListener({
    event: EVENT,
    runId: run.id,
    index: signature === null ? null : { signature, key },
  });

/** A run of its own holding one listener; returns what removes it again. */
const addListener = async (store: RedisStore, signature: string | null, key: string) => {
  const run = makeRun({ state: "waiting" });
  const listener = listenerFor(run, signature, key);
  expect((await store.createRun(makeWrite(run, { addListeners: [listener] })))._tag).toBe("Right");
  return {
    id: listener.id,
    remove: async () => {
      const commit = makeCommit(nextVersion(run), run.version, { removeListeners: [listener.id] });
      expect((await store.commitRun(commit))._tag).toBe("Right");
    },
  };
};

const ids = async (store: RedisStore, keyFor: (signature: string) => string | null) =>
  (await store.findListeners(EVENT, keyFor)).map((l) => l.id).sort();

describe("findListeners' signature guess", () => {
  it("finds a listener under a signature added since the store last looked", async () => {
    const finder = redis.fresh();
    const writer = twin(finder);
    const byId = await addListener(writer, "data.id", "o-1");
    const keyFor = (signature: string) => (signature === "data.id" ? "o-1" : "u-7");
    expect(await ids(finder, keyFor)).toEqual([byId.id]);

    const byUser = await addListener(writer, "data.userId", "u-7");
    expect(await ids(finder, keyFor)).toEqual([byId.id, byUser.id].sort());

    // The guessed signature is gone: nothing stale is answered.
    await byId.remove();
    expect(await ids(finder, keyFor)).toEqual([byUser.id]);
  });

  it("answers in one script when the signatures are the ones it saw, two when one was added", async () => {
    const finder = redis.fresh();
    const writer = twin(finder);
    await addListener(writer, "data.id", "o-1");
    await addListener(writer, null, "");
    const keyFor = () => "o-1";
    await ids(finder, keyFor); // learns the signatures (and loads the scripts)
    expect(await scriptsRun(redis.client(), () => ids(finder, keyFor))).toBe(1);

    await addListener(writer, "data.region", "o-1");
    expect(await scriptsRun(redis.client(), () => ids(finder, keyFor))).toBe(2);
    expect(await scriptsRun(redis.client(), () => ids(finder, keyFor))).toBe(1);
  });

  it("answers what a store without a guess answers, after any adds and removes", async () => {
    const signature = fc.constantFrom<string | null>(null, ...SIGNATURES);
    const key = fc.constantFrom("k1", "k2");
    const step = fc.oneof(
      fc.record({ op: fc.constant("add" as const), signature, key }),
      fc.record({ op: fc.constant("remove" as const), nth: fc.nat() }),
      fc.record({
        op: fc.constant("find" as const),
        keys: fc.array(fc.option(key), { minLength: 3, maxLength: 3 }),
      }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(step, { maxLength: 25 }), async (steps) => {
        const finder = redis.fresh();
        const writer = twin(finder);
        const live: { id: string; remove: () => Promise<void> }[] = [];
        for (const s of steps) {
          if (s.op === "add") live.push(await addListener(writer, s.signature, s.key));
          else if (s.op === "remove" && live.length > 0) {
            const [gone] = live.splice(s.nth % live.length, 1);
            await gone?.remove();
          } else if (s.op === "find") {
            const keyFor = (sg: string) => s.keys[SIGNATURES.indexOf(sg as never)] ?? null;
            expect(await ids(finder, keyFor)).toEqual(await ids(twin(finder), keyFor));
          }
        }
      }),
      { numRuns: 40 },
    );
  });
});
