import {
  makeBulkCancellation,
  makeCommit,
  makeIngest,
  makeRun,
  makeWrite,
  nextVersion,
} from "@quell/conformance";
import { Quell } from "@quell/core";
import { createEngine, virtualClock } from "@quell/engine";
import { describe, expect, it } from "vitest";
import { hashTag, type RedisStore } from "../src/index";
import { privateRedis } from "./support/private-redis";

const WINDOW = 1_000;
const redis = privateRedis("retention");
const { keysOf } = redis;
const fresh = () => redis.fresh({ dedupeWindowMs: WINDOW });

const prune = (store: RedisStore, at: number) =>
  store.prune({ endedBefore: at, receivedBefore: at, now: at, limit: 100 });

describe("redis retention layout", () => {
  it("leaves only the counters once an ended run and its events are pruned", async () => {
    const store = fresh();
    const trigger = makeIngest({ receivedAt: 0, dedupeKey: "order-1" });
    await store.ingest([trigger]);
    const run = makeRun({ state: "running", triggerEventId: trigger.internalId, createdAt: 0 });
    await store.createRun(makeWrite(run, { enqueueAt: 0, lease: 30 }));
    await store.markProcessed(trigger.internalId);
    const done = nextVersion(run, { state: "completed", endedAt: 10 });
    const finished = makeIngest({ name: "inngest/function.finished", receivedAt: 10 });
    await store.commitRun(makeCommit(done, run.version, { lease: null, emit: [finished] }));
    await store.markProcessed(finished.internalId);
    expect(await keysOf(store.prefix)).toEqual([
      "created",
      "dd",
      "dd:at",
      "ended",
      "ev",
      "ev:idle",
      "ev:o",
      "ev:o:inngest/function.finished",
      "ev:o:test/event",
      "queue",
      `r:${run.id}`,
      "seq",
      "x:f:completed:test-app-fn",
      "x:s:completed",
      "x:t",
    ]);

    expect(await prune(store, WINDOW)).toEqual({
      runs: 1,
      events: 2,
      bulkCancellations: 0,
      dedupeKeys: 1,
    });
    expect(await keysOf(store.prefix)).toEqual(["created", "seq"]);
  });

  it("leaves no key of an ended bulk cancellation", async () => {
    const store = fresh();
    const record = makeBulkCancellation({ status: "running", updated_at: 0 });
    await store.putBulkCancellation(record, null);
    await store.putBulkCancellation({ ...record, status: "completed", version: 2 }, 1);
    expect(await keysOf(store.prefix)).toEqual(["bc", "bc:ended", "bc:order", "bc:v"]);
    expect((await prune(store, 1)).bulkCancellations).toBe(1);
    expect(await keysOf(store.prefix)).toEqual([]);
  });
});

describe("the engine's retention on Redis", () => {
  it("leaves only the runs still going, their trigger events and indexes", async () => {
    const store = fresh();
    const quell = new Quell({ id: "ret" });
    const functions = [
      // With a cancel listener each: the transition that ends a run removes it, so the sweep
      // has none to look for (the key list below would show a leftover).
      quell.createFunction(
        { id: "one", cancelOn: [{ event: "t/stop", match: "data.k" }] },
        { event: "t/one" },
        async ({ step }) => {
          await step.run("only", () => 1);
        },
      ),
      quell.createFunction(
        { id: "sleeper", cancelOn: [{ event: "t/stop", match: "data.k" }] },
        { event: "t/sleep" },
        ({ step }) => step.sleep("nap", "30d"),
      ),
    ];
    const clock = virtualClock();
    const quiet = { debug() {}, info() {}, warn() {}, error: console.error };
    const engine = createEngine({
      functions,
      store,
      clock,
      logger: quiet,
      retention: { runsMs: 3_600_000, eventsMs: 3_600_000, intervalMs: 600_000, batchSize: 7 },
    });
    await engine.start();
    try {
      await engine.send(
        Array.from({ length: 20 }, (_, i) => ({ name: "t/one", id: `o-${i}`, data: { k: i } })),
      );
      const [sleep] = (await engine.send({ name: "t/sleep", data: { k: "a" } })).ids;
      await engine.idle();
      expect((await engine.listRuns({ status: "Completed" })).runs).toHaveLength(20);
      await clock.advance("1d");
      await engine.idle();

      const runs = (await engine.listRuns()).runs;
      expect(runs.map((r) => [r.function_id, r.status])).toEqual([["ret-sleeper", "Sleeping"]]);
      expect(await keysOf(store.prefix)).toEqual([
        "created",
        "ev",
        "ev:o",
        "ev:o:t/sleep",
        "l",
        "l:s",
        "li:t/stop",
        "ls:t/stop",
        `r:${runs[0]?.id}`,
        "seq",
        "timers",
        "x:f:sleeping:ret-sleeper",
        "x:s:sleeping",
        "x:t",
      ]);
      expect(await redis.client().hkeys(`${hashTag(store.prefix)}ev`)).toEqual([sleep]);
      // The event listing lists exactly the events left.
      expect((await engine.listEvents()).events.map((e) => e.internal_id)).toEqual([sleep]);
      expect(await redis.client().hlen(`${hashTag(store.prefix)}l`)).toBe(1); // the sleeper's listener
    } finally {
      await engine.stop();
    }
  });
});
