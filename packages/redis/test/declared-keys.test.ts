import { readFileSync } from "node:fs";
import { makeCommit, makeListener, makeRun, makeWrite, nextVersion } from "@quell/conformance";
import { describe, expect, it } from "vitest";
import { writeArgs } from "../src/encode";
import { redisStore } from "../src/index";
import {
  cancelledByKey,
  eventOrderKey,
  keysFor,
  legacyTriggerKey,
  listenerIndexField,
  listenerIndexKey,
  listenerSetKey,
  runIndexKey,
  runKey,
  signaturesKey,
  unindexedKey,
  writeKeys,
} from "../src/keys";
import { evalScript, KEY_CHECK_PRELUDE, SCRIPTS } from "../src/scripts";
import { privateRedis } from "./support/private-redis";

const redis = privateRedis("dk");
const client = () => redis.client();

const include = (name: string): string =>
  readFileSync(new URL(`../src/lua/includes/${name}.lua`, import.meta.url), "utf8");

describe("every key a script touches is in KEYS", () => {
  it("is checked in every test: the scripts carry the key check", () => {
    for (const script of Object.values(SCRIPTS))
      expect(script.source.startsWith(KEY_CHECK_PRELUDE)).toBe(true);
  });

  it("fails a script that touches a key it did not declare, even in its own slot", async () => {
    const body = 'redis.call("SET", KEYS[1], "1")\nreturn redis.call("GET", "{dk}other")';
    await expect(client().eval(KEY_CHECK_PRELUDE + body, 1, "{dk}declared")).rejects.toThrow(
      /undeclared key: GET \{dk\}other is not in KEYS/,
    );
    expect(await client().eval(KEY_CHECK_PRELUDE + body, 2, "{dk}declared", "{dk}other")).toBe(
      null,
    );
  });

  it("names the keys Lua derives exactly as src/keys.ts does", async () => {
    const keys = keysFor("a:{b}é:");
    const builders = [
      "runKey",
      "runIndexKey",
      "legacyTriggerKey",
      "cancelledByKey",
      "eventOrderKey",
      "listenerSetKey",
      "listenerIndexKey",
      "listenerIndexField",
      "signaturesKey",
      "unindexedKey",
    ]
      .map(include)
      .join("\n");
    const probe = `${builders}
local tag = ARGV[1]
return { runKey(tag, "r1"), runIndexKey(tag, false, "queued"), runIndexKey(tag, "app-fn", "queued"),
  legacyTriggerKey(tag, "e1"), cancelledByKey(tag, "e2"), eventOrderKey(tag, false),
  eventOrderKey(tag, "a:b"), listenerSetKey(tag, "é/ü", "data.ключ", "値"),
  listenerIndexKey(tag, "é/ü"), listenerIndexField("data.ключ", "値"),
  signaturesKey(tag, "é/ü"), unindexedKey(tag, "é/ü") }`;
    expect(await client().eval(probe, 1, keys.seq, keys.tag)).toEqual([
      runKey(keys, "r1"),
      runIndexKey(keys, null, "queued"),
      runIndexKey(keys, "app-fn", "queued"),
      legacyTriggerKey(keys, "e1"),
      cancelledByKey(keys, "e2"),
      eventOrderKey(keys, null),
      eventOrderKey(keys, "a:b"),
      listenerSetKey(keys, "é/ü", "data.ключ", "値"),
      listenerIndexKey(keys, "é/ü"),
      listenerIndexField("data.ключ", "値"),
      signaturesKey(keys, "é/ü"),
      unindexedKey(keys, "é/ü"),
    ]);
  });

  it("answers KEYS_MISSING and writes nothing when a derived key is not declared", async () => {
    const store = redis.fresh();
    const keys = keysFor(store.prefix);
    const run = makeRun({ state: "queued" });
    await store.createRun(makeWrite(run));
    const moved = nextVersion(run, { state: "running" });
    const reply = await evalScript(client(), SCRIPTS.commitRun, writeKeys(keys, run.id), [
      keys.tag,
      "1000",
      String(run.version),
      "",
      ...writeArgs(makeCommit(moved, run.version), JSON.stringify(moved.event)),
    ]);
    expect(reply).toEqual([
      -6,
      [
        runIndexKey(keys, null, "queued"),
        runIndexKey(keys, run.functionId, "queued"),
        runIndexKey(keys, null, "running"),
        runIndexKey(keys, run.functionId, "running"),
      ],
    ]);
    expect((await store.getRun(run.id))?.state).toBe("queued");
  });

  it("moves a run out of its stored state when the commit's expectedState names another", async () => {
    const store = redis.fresh();
    const keys = keysFor(store.prefix);
    const run = makeRun({ state: "queued" });
    await store.createRun(makeWrite(run));
    const moved = nextVersion(run, { state: "running" });
    // A wrong hint: the script plans from the stored state and names its sets.
    const result = await store.commitRun({
      ...makeCommit(moved, run.version),
      expectedState: "sleeping",
    });
    expect(result._tag).toBe("Right");
    expect((await store.getRun(run.id))?.state).toBe("running");
    expect(await client().zcard(runIndexKey(keys, null, "queued"))).toBe(0);
    expect(await client().zcard(runIndexKey(keys, run.functionId, "queued"))).toBe(0);
    expect(await client().zcard(runIndexKey(keys, null, "running"))).toBe(1);
  });

  it("removes a listener another process added (its keys learnt from the script)", async () => {
    const adder = redis.fresh();
    const remover = redisStore({ client: client(), prefix: adder.prefix });
    const run = makeRun({ state: "waiting" });
    const listener = makeListener({
      event: "a/b",
      runId: run.id,
      index: { signature: "data.id", key: "k" },
    });
    await adder.createRun(makeWrite(run, { addListeners: [listener] }));
    const done = nextVersion(run, { state: "completed" });
    const result = await remover.commitRun(
      makeCommit(done, run.version, { removeListeners: [listener.id] }),
    );
    expect(result._tag).toBe("Right");
    expect(await adder.findListeners("a/b", () => "k")).toEqual([]);
    expect((await redis.keysOf(adder.prefix)).filter((k) => /^l/.test(k))).toEqual([]);
  });
});
