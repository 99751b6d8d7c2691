// A step.waitForEvent counts the events ingested after the commit that registers its listener:
// commitRun-13.lua reads the seq counter inside the commit and writes it as the listener's
// afterSeq (RunWrite.stampListenersAtCommit). Each test puts an event in the gap between the
// handler reporting the wait and the wait's commit, ingested by another API process.
import { Quell, type RunWrite, type Store } from "@quell/core";
import { createEngine, type Engine, virtualClock } from "@quell/engine";
import { Redis } from "ioredis";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { hashTag, redisStore } from "../src/index";
import { dropNamespace, type RedisServer, startRedisServer, uniquePrefix } from "../src/testing";

const T0 = Date.UTC(2024, 0, 1);
const quiet = { debug() {}, info() {}, warn() {}, error: console.error };

let server: RedisServer;
let client: Redis;
const prefixes: string[] = [];
const engines: Engine[] = [];

beforeAll(async () => {
  server = await startRedisServer();
  client = new Redis(server.url);
});

afterEach(async () => {
  for (const engine of engines.splice(0)) await engine.stop();
});

afterAll(async () => {
  for (const prefix of prefixes) await dropNamespace(client, prefix);
  await client?.quit();
  await server?.stop();
});

const paidOrder = new Quell({ id: "app" }).createFunction(
  { id: "order" },
  { event: "order/created" },
  async ({ step }) => {
    const paid = await step.waitForEvent("paid", {
      event: "order/paid",
      match: "data.orderId",
      timeout: "1h",
    });
    return paid === null ? "timed out" : paid.data.amount;
  },
);

/** Two engines on one namespace: a worker whose wait commit is held, and an API process. */
const setup = async () => {
  const prefix = uniquePrefix("wait");
  prefixes.push(prefix);
  const inner = redisStore({ client, prefix });
  let gap: (() => Promise<void>) | null = null;
  const worker: Store = {
    ...inner,
    commitRun: async (write: RunWrite & { readonly expectedVersion: number }) => {
      const hook = gap;
      if (hook !== null && write.addListeners.some((l) => l.kind === "wait")) {
        gap = null;
        await hook();
      }
      return inner.commitRun(write);
    },
  };
  const engine = createEngine({
    functions: [paidOrder],
    store: worker,
    clock: virtualClock(T0),
    logger: quiet,
  });
  const api = createEngine({
    functions: [paidOrder],
    store: redisStore({ client, prefix }),
    clock: virtualClock(T0),
    logger: quiet,
    concurrency: 0,
  });
  engines.push(engine, api);
  await engine.start();
  await api.start();
  return {
    prefix,
    store: inner,
    engine,
    api,
    inGap: (fn: () => Promise<void>) => {
      gap = fn;
    },
  };
};

/** Until no event is pending (some process took it) and that process is idle, or 2 s. */
const settled = async (store: Store, api: Engine): Promise<void> => {
  for (let i = 0; i < 400 && (await store.pendingEvents(1)).length > 0; i++) {
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  await api.idle();
};

/**
 * The run's wait listener as stored: its own fields (`as` is afterSeq; stored-form.ts), under
 * its id (core's waitListenerId: `<runId>:wait:<stepHash>`).
 */
const storedWait = async (prefix: string, runId: string) => {
  const all = await client.hgetall(`${hashTag(prefix)}l`);
  const json = Object.entries(all).find(([id]) => id.startsWith(`${runId}:wait:`))?.[1];
  return { json, listener: json === undefined ? undefined : JSON.parse(json) };
};

describe("waitForEvent position on Redis", () => {
  it("an event processed before the wait committed is behind its position; a later one matches", async () => {
    const { prefix, store, engine, api, inGap } = await setup();
    let early: string | undefined;
    let processedInGap = false;
    inGap(async () => {
      // The API process ingests it, and it is processed while the wait is reported, not
      // committed (once the worker's tick has let go of the events lock). Either process may
      // process it: the ingest script's wake-up can reach the worker before the API's own tick.
      for (let i = 0; i < 400 && (await client.hexists(`${hashTag(prefix)}locks`, "events")); i++) {
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      early = (await api.send({ name: "order/paid", data: { orderId: "o1", amount: 1 } })).ids[0];
      for (let i = 0; i < 400 && !processedInGap; i++) {
        processedInGap = (await store.pendingEvents(10)).length === 0;
        if (!processedInGap) await new Promise((resolve) => setTimeout(resolve, 5));
      }
    });
    const { ids } = await engine.send({ name: "order/created", data: { orderId: "o1" } });
    await engine.idle();
    const [run] = await engine.runsForEvent(ids[0] ?? "");
    expect(processedInGap).toBe(true);
    expect(run?.status).toBe("Waiting");

    const earlySeq = (await store.getEvent(early ?? ""))?.seq;
    const { json, listener } = await storedWait(prefix, run?.id ?? "");
    expect(listener?.as).toBe(earlySeq);
    expect(json?.match(/"as":/g)).toHaveLength(1);

    await engine.send({ name: "order/paid", data: { orderId: "o1", amount: 2 } });
    await engine.idle();
    const done = await engine.getRun(run?.id ?? "");
    expect(done?.status).toBe("Completed");
    expect(done?.output).toBe(2);
  });

  it("an event ingested before the wait committed and processed after it does not match", async () => {
    const { prefix, store, engine, api, inGap } = await setup();
    let early: string | undefined;
    inGap(async () => {
      const [result] = await store.ingest([
        {
          internalId: "early-paid",
          payload: {
            name: "order/paid",
            data: { orderId: "o1", amount: 1 },
            id: "early-paid",
            ts: T0,
            user: {},
          },
          dedupeKey: null,
          receivedAt: T0,
        },
      ]);
      early = result?._tag === "Ingested" ? result.event.internalId : undefined;
    });
    const { ids } = await engine.send({ name: "order/created", data: { orderId: "o1" } });
    await engine.idle();
    // The API process is woken by the ingestion too, and may be the one that processes it (the
    // worker then finds the events lock taken and leaves the event to it).
    await settled(store, api);
    const [run] = await engine.runsForEvent(ids[0] ?? "");
    expect(early).toBe("early-paid");
    expect(await store.pendingEvents(10)).toEqual([]);
    expect(run?.status).toBe("Waiting");
    const { listener } = await storedWait(prefix, run?.id ?? "");
    expect(listener?.as).toBe((await store.getEvent("early-paid"))?.seq);

    const late = await engine.send({ name: "order/paid", data: { orderId: "o1", amount: 2 } });
    await engine.idle();
    const done = await engine.getRun(run?.id ?? "");
    expect(done?.status).toBe("Completed");
    expect(done?.output).toBe(2);
    expect(done?.steps.find((s) => s.id === "paid")).toMatchObject({
      status: "completed",
      output: { id: late.ids[0] },
    });
  });
});
