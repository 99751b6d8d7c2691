// A step.waitForEvent counts the events ingested after the commit that registers its listener:
// commitRun-13.lua reads the seq counter inside the commit and writes it as the listener's
// afterSeq (RunWrite.stampListenersAtCommit). Each test puts an event in the gap between the
// handler reporting the wait and the wait's commit, ingested by another API process.
import { Quell, type RunWrite, type Store } from "@quell/core";
import { createEngine, type Engine, type VirtualClock, virtualClock } from "@quell/engine";
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
  const apiClock = virtualClock(T0);
  const api = createEngine({
    functions: [paidOrder],
    store: redisStore({ client, prefix }),
    clock: apiClock,
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
    apiClock,
    inGap: (fn: () => Promise<void>) => {
      gap = fn;
    },
  };
};

/**
 * Until `done()`, or about 2 s. Both engines run on virtual clocks, and a process that finds the
 * events lock taken looks again 50 ms later on its own clock (`min(50, lease/4)`), which never
 * comes unless the test moves it: so every ~50 ms of waiting the API process's clock moves 50 ms
 * on (2 s at most, far from any lease or the wait's timeout), and it takes its turn.
 */
const until = async (done: () => Promise<boolean>, apiClock: VirtualClock): Promise<boolean> => {
  for (let i = 0; i < 400; i++) {
    if (await done()) return true;
    if (i % 10 === 9) await apiClock.advance(50);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  return done();
};

/** Until no event is pending (some process took it) and the API process is idle. */
const settled = async (store: Store, api: Engine, apiClock: VirtualClock): Promise<void> => {
  await until(async () => (await store.pendingEvents(1)).length === 0, apiClock);
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
    const { prefix, store, engine, api, apiClock, inGap } = await setup();
    let early: string | undefined;
    let processedInGap = false;
    let gapDone = false;
    inGap(async () => {
      // The API process ingests it, and it is processed while the wait is reported, not
      // committed (once the worker's tick has let go of the events lock). Either process may
      // process it: the ingest script's wake-up can reach the worker before the API's own tick.
      for (let i = 0; i < 400 && (await client.hexists(`${hashTag(prefix)}locks`, "events")); i++) {
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      early = (await api.send({ name: "order/paid", data: { orderId: "o1", amount: 1 } })).ids[0];
      processedInGap = await until(
        async () => (await store.pendingEvents(10)).length === 0,
        apiClock,
      );
      gapDone = true;
    });
    const { ids } = await engine.send({ name: "order/created", data: { orderId: "o1" } });
    // The API process may be the one that creates the run (the ingestion's wake-up reaches it
    // too): the worker's send then finds the events lock taken and resolves before the run is
    // created, claimed and its wait reported. Wait for the gap, then for the worker.
    await until(async () => gapDone, apiClock);
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
    const { prefix, store, engine, api, apiClock, inGap } = await setup();
    let early: string | undefined;
    let gapDone = false;
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
      gapDone = true;
    });
    const { ids } = await engine.send({ name: "order/created", data: { orderId: "o1" } });
    // As above: the API process may create the run, so wait for the gap before the worker.
    await until(async () => gapDone, apiClock);
    await engine.idle();
    // The API process is woken by the ingestion too, and may be the one that processes it (the
    // worker then finds the events lock taken and leaves the event to it).
    await settled(store, api, apiClock);
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
