import { Quell } from "@quell/core";
import { createEngine, type Engine } from "@quell/engine";
import { afterEach, describe, expect, it } from "vitest";
import { connectRedisStore, type RedisStore, redisStore } from "../../src/index";
import { uniquePrefix } from "../../src/testing";
import type { Target } from "./target";
import { until } from "./until";

// Wake-ups between processes (on the Redis `target()` names: work-signal.test.ts, and a cluster
// in cluster-store.test.ts) (Store.watchWork): an API-only engine and a worker engine on one
// namespace, the worker polling only once an hour. Work the API process adds reaches the
// worker through the store's signal; without it, the worker would look again in an hour.

const HOUR_MS = 3_600_000;
const quiet = { debug() {}, info() {}, warn() {}, error: console.error };

const quell = new Quell({ id: "signal" });
const napper = quell.createFunction(
  { id: "napper", cancelOn: [{ event: "signal/stop", match: "data.id" }] },
  { event: "signal/nap" },
  async ({ event, step }) => {
    await step.sleep("nap", String(event.data.nap));
    return step.run("after", async () => "woke");
  },
);

export const describeWorkSignalSuite = (target: () => Target): void => {
  const opened: { engine: Engine; store: RedisStore }[] = [];
  afterEach(async () => {
    for (const { engine, store } of opened.splice(0)) {
      await engine.stop();
      await store.close();
    }
  });

  const processes = async () => {
    const prefix = uniquePrefix("signal");
    const open = async (workers: boolean) => {
      const settings = { ...target(), prefix, onAvailabilityChange: () => {} };
      // The worker as `quell worker` connects (no offline queue), the API as a library user does.
      const store = workers ? await connectRedisStore(settings) : redisStore(settings);
      const engine = createEngine({
        functions: [napper],
        store,
        logger: quiet,
        workers,
        pollMs: HOUR_MS,
      });
      opened.push({ engine, store });
      await engine.start();
      return engine;
    };
    const worker = await open(true);
    const api = await open(false);
    return { api, worker };
  };

  const statusOf = async (engine: Engine, eventId: string) =>
    (await engine.runsForEvent(eventId))[0]?.status ?? "none";

  describe("a worker that polls once an hour", () => {
    it("runs an event another process ingested, woken by the store", async () => {
      const { api, worker } = await processes();
      await worker.idle(); // asleep until its next poll: nothing to do
      const { ids } = await api.send({ name: "signal/nap", data: { id: "a", nap: "1ms" } });
      await until("the run to complete", async () => {
        const status = await statusOf(api, ids[0] ?? "");
        return status === "Completed" || status;
      });
    });

    it("cancels a sleeping run when another process ingests the cancel event", async () => {
      const { api, worker } = await processes();
      const { ids } = await api.send({ name: "signal/nap", data: { id: "b", nap: "1h" } });
      await until("the run to sleep", async () => {
        const status = await statusOf(api, ids[0] ?? "");
        return status === "Sleeping" || status;
      });
      await worker.idle();
      await api.send({ name: "signal/stop", data: { id: "b" } });
      await until("the run to be cancelled", async () => {
        const [run] = await api.runsForEvent(ids[0] ?? "");
        return (run?.status === "Cancelled" && run.ended_at !== null) || String(run?.status);
      });
      const [run] = await api.runsForEvent(ids[0] ?? "");
      expect(run?.cancellation?.source).toBe("event");
    });

    it("sweeps a bulk cancellation another process created", async () => {
      const { api, worker } = await processes();
      const { ids } = await api.send(
        ["c1", "c2", "c3"].map((id) => ({ name: "signal/nap", data: { id, nap: "1h" } })),
      );
      await until("the runs to sleep", async () => {
        const statuses = await Promise.all(ids.map((id) => statusOf(api, id)));
        return statuses.every((s) => s === "Sleeping") || statuses.join(",");
      });
      await worker.idle();
      const bulk = await api.createCancellation({
        appId: "signal",
        functionId: "napper",
        startedBefore: Date.now(),
      });
      await until("the bulk cancellation to finish", async () => {
        const record = await api.getCancellation(bulk.id);
        return record?.status === "completed" || String(record?.status);
      });
      const statuses = await Promise.all(ids.map((id) => statusOf(api, id)));
      expect(statuses).toEqual(["Cancelled", "Cancelled", "Cancelled"]);
    });
  });
};
