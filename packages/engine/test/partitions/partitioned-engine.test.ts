// The partitioned engine (src/partitions): runs spread over the stores, every event in every
// store, one engine's answers. The SPEC rules themselves run on it through the drivers
// (test/support/drivers.ts, "engine+3 partitions"); this file checks what is its own.
import {
  Quell,
  type QuellFunction,
  QuellValidationError,
  type Store,
  withFailureFunctions,
} from "@quell/core";
import { memoryStore } from "@quell/memory";
import { afterEach, describe, expect, it } from "vitest";
import { createPartitionedEngine, type Engine, partitionOf, virtualClock } from "../../src/index";
import { copiedForListenersOnly } from "../../src/partitions/ownership";
import { partitionOfId } from "../../src/partitions/partition-of";
import { flakyStore } from "../support/flaky-store";
import { seededRandom } from "../support/seeded-random";

const START = Date.parse("2024-01-01T00:00:00.000Z");
const quell = new Quell({ id: "app" });
const napper = quell.createFunction(
  { id: "nap", cancelOn: [{ event: "nap/stop", match: "data.id" }] },
  { event: "nap/start" },
  async ({ step }) => {
    await step.sleep("rest", "1h");
  },
);

const open: Engine[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((engine) => engine.stop()));
});

const started = async (
  stores: readonly Store[],
  functions: readonly QuellFunction[] = [napper],
): Promise<Engine> => {
  const engine = createPartitionedEngine({
    functions,
    stores,
    clock: virtualClock(START),
    // Where runs land depends on their ids: seeded, every run of this file lands the same.
    random: seededRandom(1),
    retention: false,
  });
  open.push(engine);
  await engine.start();
  return engine;
};

const naps = (n: number) =>
  Array.from({ length: n }, (_, i) => ({ name: "nap/start", data: { id: `n${i}` } }));

describe("the partitioned engine", () => {
  it("spreads the runs of many events over every store, each run in exactly one", async () => {
    const stores = [memoryStore(), memoryStore(), memoryStore()];
    const engine = await started(stores);
    await engine.send(naps(60));
    await engine.idle();
    const held = await Promise.all(
      stores.map(async (s) => (await s.listRuns({ limit: 100 })).runs),
    );
    for (const runs of held) expect(runs.length).toBeGreaterThan(5);
    const ids = held.flat().map((run) => run.id);
    expect(new Set(ids).size).toBe(60);
    for (const [k, runs] of held.entries())
      for (const run of runs) expect(partitionOfId(run.id, 3)).toBe(k);
    // Every store holds every event (its own copy), processed.
    for (const store of stores) {
      expect((await store.listEvents({ limit: 100 })).events).toHaveLength(60);
      expect(await store.pendingEvents(10)).toEqual([]);
    }
  });

  it("cancels the runs a cancel event matches in every store, and only those", async () => {
    const stores = [memoryStore(), memoryStore(), memoryStore()];
    const engine = await started(stores);
    const { ids } = await engine.send(naps(30));
    await engine.idle();
    const stop = naps(30)
      .filter((_, i) => i % 2 === 0)
      .map((e) => ({ name: "nap/stop", data: e.data }));
    await engine.send(stop);
    await engine.idle();
    const runs = await Promise.all(ids.map(async (id) => (await engine.runsForEvent(id))[0]));
    const cancelled = runs.filter((run) => run?.status === "Cancelled");
    expect(cancelled.map((run) => run?.event.data.id)).toEqual(stop.map((e) => e.data.id));
    const where = new Set(cancelled.map((run) => partitionOfId(run?.id ?? "", 3)));
    expect(where.size).toBe(3);
    expect(runs.filter((run) => run?.status === "Sleeping")).toHaveLength(15);
  });

  it("lists every run once, newest first, page by page, whatever the page size", async () => {
    const stores = [memoryStore(), memoryStore(), memoryStore()];
    const engine = await started(stores);
    for (let i = 0; i < 5; i++) {
      await engine.send(naps(9)); // 9 runs created in the same millisecond, then time moves
      await engine.idle();
    }
    const all = (await engine.listRuns({ limit: 1000 })).runs;
    expect(all).toHaveLength(45);
    const order = [...all].sort(
      (a, b) => b.created_at.localeCompare(a.created_at) || b.id.localeCompare(a.id),
    );
    expect(all.map((r) => r.id)).toEqual(order.map((r) => r.id));
    for (const limit of [1, 4, 7, 45, 46]) {
      const paged: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await engine.listRuns({ limit, ...(cursor ? { cursor } : {}) });
        expect(page.runs.length).toBeLessThanOrEqual(limit);
        paged.push(...page.runs.map((r) => r.id));
        cursor = page.cursor ?? undefined;
      } while (cursor !== undefined);
      expect(paged).toEqual(order.map((r) => r.id));
    }
    await expect(engine.listRuns({ cursor: "nonsense" })).rejects.toBeInstanceOf(
      QuellValidationError,
    );
  });

  it("finishes a send that stopped half way: partition 0 relays the event when it processes it", async () => {
    const flaky = flakyStore();
    const stores = [memoryStore(), memoryStore(), flaky.store];
    const engine = await started(stores);
    flaky.down(["ingest"]);
    await expect(engine.send(naps(6))).rejects.toThrow(/switched off/);
    flaky.up();
    // The next tick (here another send's; on Redis, the ingestion's wake-up or --poll)
    // processes partition 0's pending events and copies them to the store that missed them.
    await engine.send({ name: "other/event" });
    await engine.idle();
    for (const store of stores) expect((await store.listEvents({})).events).toHaveLength(7);
    expect((await engine.listRuns({})).runs).toHaveLength(6);
  });

  it("answers a resent event id with the first event, which then reaches every store", async () => {
    const flaky = flakyStore();
    const stores = [memoryStore(), flaky.store, memoryStore()];
    const engine = createPartitionedEngine({
      functions: [napper],
      stores,
      clock: virtualClock(START),
      random: seededRandom(1),
      retention: false,
      workers: false, // nothing processes: only the retry can complete the fan-out
    });
    open.push(engine);
    await engine.start();
    flaky.down(["ingest"]);
    const event = { name: "nap/start", id: "user-1", data: { id: "x" } };
    await expect(engine.send(event)).rejects.toThrow(/switched off/);
    expect(
      await flaky.store.getEvent((await stores[0]?.listEvents({}))?.events[0]?.internalId ?? ""),
    ).toBeNull();
    flaky.up();
    const { ids } = await engine.send(event);
    for (const store of stores) {
      expect((await store.listEvents({})).events.map((e) => e.internalId)).toEqual(ids);
    }
  });

  it("keeps a singleton function's slot in one store: one run at a time across partitions", async () => {
    const one = quell.createFunction(
      { id: "one", singleton: { key: "event.data.account", mode: "skip" } },
      { event: "acct/sync" },
      async ({ step }) => {
        await step.sleep("wait", "1h");
      },
    );
    const stores = [memoryStore(), memoryStore(), memoryStore()];
    const engine = createPartitionedEngine({
      functions: [one],
      stores,
      clock: virtualClock(START),
      random: seededRandom(1),
      retention: false,
    });
    open.push(engine);
    await engine.start();
    await engine.send(
      Array.from({ length: 12 }, (_, i) => ({ name: "acct/sync", data: { account: i % 2 } })),
    );
    await engine.idle();
    const runs = (await engine.listRuns({})).runs;
    expect(runs.filter((r) => r.status === "Sleeping")).toHaveLength(2);
    expect(runs.filter((r) => r.status === "Skipped")).toHaveLength(10);
    for (const account of [0, 1]) {
      const slot = partitionOf(`app-one|${account}`, 3);
      const mine = runs.filter((r) => r.event.data.account === account);
      for (const run of mine) expect(await stores[slot]?.getRun(run.id)).not.toBeNull();
    }
  });

  it("with one store is the engine on that store", async () => {
    const store = memoryStore();
    const engine = await started([store]);
    const { ids } = await engine.send(naps(3));
    await engine.idle();
    expect((await store.listRuns({})).runs).toHaveLength(3);
    expect((await store.listEvents({})).events.map((e) => e.internalId).sort()).toEqual(
      [...ids].sort(),
    );
    expect(() => createPartitionedEngine({ functions: [], stores: [] })).toThrow(
      QuellValidationError,
    );
  });

  it("copies to other partitions, already processed where nothing listens, only events no run made later can be owed", () => {
    const cleanup = quell.createFunction(
      { id: "cleanup", cancelOn: [{ event: "inngest/function.finished", match: "data.run_id" }] },
      { event: "app/cleanup" },
      async () => {},
    );
    const functions = (list: readonly QuellFunction[]) =>
      new Map(withFailureFunctions(list).map((fn) => [fn.slug, fn]));
    const plain = functions([napper]);
    expect(copiedForListenersOnly(plain, "inngest/function.finished")).toBe(true);
    expect(copiedForListenersOnly(plain, "other/event")).toBe(true);
    // An invoked child still to be created listens to its parent's function.cancelled.
    expect(copiedForListenersOnly(plain, "inngest/function.cancelled")).toBe(false);
    // A run a pending trigger creates listens to what its function cancels on, from the trigger on.
    expect(copiedForListenersOnly(plain, "nap/stop")).toBe(false);
    expect(copiedForListenersOnly(functions([cleanup]), "inngest/function.finished")).toBe(false);
    // A pending copy of a trigger creates its run where the run belongs.
    expect(copiedForListenersOnly(plain, "nap/start")).toBe(false);
  });

  it("copies a cancelled run's function.cancelled pending only when the run invoked a function", async () => {
    const sleeper = quell.createFunction(
      { id: "sleeper", cancelOn: [{ event: "app/stop", match: "data.id" }] },
      { event: "app/child" },
      async ({ step }) => {
        await step.sleep("rest", "1h");
      },
    );
    const caller = quell.createFunction(
      { id: "caller", cancelOn: [{ event: "app/stop", match: "data.id" }] },
      { event: "app/call" },
      async ({ step }) => {
        await step.invoke("call", { function: sleeper, data: { id: "child" } });
      },
    );
    // What each store was asked to ingest: the copies of function.cancelled, and how.
    const copies: { id: string; runId: unknown; listenersOnly: boolean }[] = [];
    const stores = [memoryStore(), memoryStore(), memoryStore()].map(
      (store): Store => ({
        ...store,
        ingest: (requests) => {
          for (const r of requests)
            if (r.payload.name === "inngest/function.cancelled")
              copies.push({
                id: r.internalId,
                runId: r.payload.data.run_id,
                listenersOnly: r.onlyForListeners === true,
              });
          return store.ingest(requests);
        },
      }),
    );
    const engine = await started(stores, [caller, sleeper]);
    await engine.send([
      { name: "app/child", data: { id: "lone" } },
      { name: "app/call", data: { id: "parent" } },
    ]);
    await engine.idle();
    await engine.send([
      { name: "app/stop", data: { id: "lone" } },
      { name: "app/stop", data: { id: "parent" } },
    ]);
    await engine.idle();
    const runs = (await engine.listRuns({ limit: 10 })).runs;
    const runOf = (fn: string, id: string) =>
      runs.find((r) => r.function_id === `app-${fn}` && r.event.data.id === id);
    const lone = runOf("sleeper", "lone");
    const parent = runOf("caller", "parent");
    // The cascade still reaches the invoked child, wherever it is.
    expect([lone?.status, parent?.status, runOf("sleeper", "child")?.status]).toEqual([
      "Cancelled",
      "Cancelled",
      "Cancelled",
    ]);
    const how = (runId: unknown) =>
      copies.filter((c) => c.runId === runId).map((c) => c.listenersOnly);
    // Two copies each (the emitting partition writes its own event in the run's commit).
    expect(how(lone?.id)).toEqual([true, true]);
    expect(how(parent?.id)).toEqual([false, false]);
  });
});
