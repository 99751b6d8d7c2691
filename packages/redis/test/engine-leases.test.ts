import { makeBulkCancellation } from "@quell/conformance";
import { Quell, type QuellFunction, type Run } from "@quell/core";
import { createEngine, type Engine, type VirtualClock, virtualClock } from "@quell/engine";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashTag, type RedisStore, redisStore } from "../src/index";
import { dropNamespace, type RedisServer, startRedisServer, uniquePrefix } from "../src/testing";

// Engines in this process on one Redis namespace, each on its own virtual clock: a process that
// "dies" is one whose clock no longer moves (its heartbeat never beats again), so every
// scenario runs in a fixed order.

const LEASE_MS = 3_000;
const T0 = Date.UTC(2024, 0, 1);
const quiet = { debug() {}, info() {}, warn() {}, error: console.error };

let server: RedisServer;
let client: Redis;
const prefixes: string[] = [];

beforeAll(async () => {
  server = await startRedisServer();
  client = new Redis(server.url);
});

afterAll(async () => {
  for (const prefix of prefixes) await dropNamespace(client, prefix);
  await client?.quit();
  await server?.stop();
});

const gate = () => {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { opened, open };
};

interface Process {
  readonly engine: Engine;
  readonly clock: VirtualClock;
  readonly store: RedisStore;
}

const namespace = (): string => {
  const prefix = uniquePrefix("lease");
  prefixes.push(prefix);
  return prefix;
};

const process_ = async (
  prefix: string,
  functions: readonly QuellFunction[],
  options: { concurrency?: number; pollMs?: number } = {},
): Promise<Process> => {
  const clock = virtualClock(T0);
  const store = redisStore({ client, prefix });
  const engine = createEngine({
    functions,
    store,
    clock,
    logger: quiet,
    leaseMs: LEASE_MS,
    ...options,
  });
  await engine.start();
  return { engine, clock, store };
};

const stepOutput = (run: Run | null, id: string): unknown => {
  const step = Object.values(run?.steps ?? {}).find((s) => s.id === id);
  return step?.status === "completed" ? step.output : undefined;
};

describe("leases between engine processes", () => {
  it("recovers a run whose worker stopped renewing, and drops that worker's late report", async () => {
    const prefix = namespace();
    const held = gate();
    const second = gate();
    let executions = 0;
    const quell = new Quell({ id: "lease" });
    const fn = quell.createFunction(
      { id: "two-steps", retries: 0 },
      { event: "lease/go" },
      async ({ step }) => {
        const a = await step.run("a", () => "a-once");
        const b = await step.run("b", async () => {
          executions += 1;
          const mine = executions;
          await (mine === 1 ? held.opened : second.opened); // the first worker hangs here
          return `b-${mine}`;
        });
        return [a, b];
      },
    );

    const dying = await process_(prefix, [fn], { concurrency: 1 });
    const [eventId] = (await dying.engine.send({ name: "lease/go" })).ids as [string];
    const runId = (await dying.store.runsForEvent(eventId))[0]?.id as string;
    for (let i = 0; i < 50 && executions === 0; i++) await new Promise((r) => setTimeout(r, 10));
    expect(executions).toBe(1);

    const rescuer = await process_(prefix, [fn], { concurrency: 1 });
    await rescuer.clock.advance(LEASE_MS - 1);
    await rescuer.engine.idle();
    expect((await rescuer.store.getRun(runId))?.state).toBe("running"); // not expired yet
    // The timer's tick waits for what it started, so advancing resolves once b ran again.
    const advancing = rescuer.clock.advance(2);
    for (let i = 0; i < 100 && executions < 2; i++) await new Promise((r) => setTimeout(r, 10));
    expect(executions).toBe(2); // the rescuer runs b again: its result was never committed

    held.open(); // the first worker's step ends now, while b is in flight again: its report is stale
    await dying.engine.idle();
    const meanwhile = await rescuer.store.getRun(runId);
    expect(meanwhile?.inFlight?.id).toBe("b");
    expect(stepOutput(meanwhile, "b")).toBeUndefined();

    second.open();
    await advancing;
    await rescuer.engine.idle();
    const done = await rescuer.store.getRun(runId);
    expect(done?.state).toBe("completed");
    expect(stepOutput(done, "a")).toBe("a-once");
    expect(stepOutput(done, "b")).toBe("b-2");
    expect(done?.output).toEqual(["a-once", "b-2"]);
    expect(done?.timeline.filter((e) => e.type === "lease.expired")).toHaveLength(1);
    await dying.engine.stop();
    await rescuer.engine.stop();
  });

  it("starts a run claimed by a worker that died before starting it", async () => {
    const prefix = namespace();
    const quell = new Quell({ id: "lease" });
    const fn = quell.createFunction(
      { id: "one", retries: 0 },
      { event: "lease/one" },
      async ({ step }) => step.run("only", () => 1),
    );
    const store = redisStore({ client, prefix });
    const api = await process_(prefix, [fn], { concurrency: 0 });
    const [eventId] = (await api.engine.send({ name: "lease/one" })).ids as [string];
    const runId = (await store.runsForEvent(eventId))[0]?.id as string;
    // A worker claims it and dies before applying ExecutionStarted.
    expect(await store.claimQueued(T0, 10, T0 + LEASE_MS)).toEqual([runId]);
    const worker = await process_(prefix, [fn], { concurrency: 5 });
    await worker.engine.idle();
    expect((await store.getRun(runId))?.state).toBe("queued");
    await worker.clock.advance(LEASE_MS);
    await worker.engine.idle();
    expect((await store.getRun(runId))?.state).toBe("completed");
    expect(await store.nextDueAt()).toBeNull(); // no lease left behind
    await api.engine.stop();
    await worker.engine.stop();
  });

  it("aborts a step's signal in its worker when another process cancels the run", async () => {
    const prefix = namespace();
    const quell = new Quell({ id: "lease" });
    const fn = quell.createFunction(
      { id: "long", retries: 0 },
      { event: "lease/long" },
      async ({ step }) =>
        step.run(
          "wait-for-abort",
          ({ signal }) =>
            new Promise((resolve) => signal.addEventListener("abort", () => resolve("aborted"))),
        ),
    );
    const worker = await process_(prefix, [fn], { concurrency: 5 });
    const [eventId] = (await worker.engine.send({ name: "lease/long" })).ids as [string];
    const runId = (await worker.store.runsForEvent(eventId))[0]?.id as string;
    for (let i = 0; i < 100 && (await worker.store.getRun(runId))?.inFlight == null; i++) {
      await new Promise((r) => setTimeout(r, 10));
    }
    const api = await process_(prefix, [fn], { concurrency: 0 });
    await api.engine.cancelRun(runId, { reason: "from the API process" });
    expect((await api.store.getRun(runId))?.state).toBe("cancelling");
    // The first heartbeat (half a lease on) renews the lease and, the step having run for a
    // whole renewal interval, reads the run: it is cancelling, so the step's signal is aborted.
    await worker.clock.advance(LEASE_MS);
    await worker.engine.idle();
    const run = await api.store.getRun(runId);
    expect(run?.state).toBe("cancelled");
    expect(stepOutput(run, "wait-for-abort")).toBe("aborted");
    await api.engine.stop();
    await worker.engine.stop();
  });
});

describe("event processing across processes", () => {
  it("creates no second run when an event is processed again after a crash", async () => {
    const prefix = namespace();
    const quell = new Quell({ id: "lease" });
    const fn = quell.createFunction(
      { id: "sleepy", cancelOn: [{ event: "lease/stop", match: "data.k" }] },
      { event: "lease/nap" },
      async ({ step }) => step.sleep("nap", "1h"),
    );
    const first = await process_(prefix, [fn]);
    const [eventId] = (await first.engine.send({ name: "lease/nap", data: { k: 1 } })).ids as [
      string,
    ];
    await first.engine.idle();
    await first.engine.stop();
    // The process died after creating the run and before marking its event processed.
    const seq = (await first.store.getEvent(eventId))?.seq as number;
    await client.zadd(`${hashTag(prefix)}pending`, seq, eventId);

    const second = await process_(prefix, [fn]);
    await second.engine.idle();
    expect(await second.store.pendingEvents(10)).toEqual([]);
    const runs = await second.store.runsForEvent(eventId);
    expect(runs.map((r) => r.state)).toEqual(["sleeping"]);
    // Its cancel listener was registered once and still works.
    await second.engine.send({ name: "lease/stop", data: { k: 1 } });
    await second.engine.idle();
    expect((await second.store.getRun(runs[0]?.id as string))?.state).toBe("cancelled");
    await second.engine.stop();
  });

  it("waits for the events lock of a process that died holding it, then processes in order", async () => {
    const prefix = namespace();
    const quell = new Quell({ id: "lease" });
    const fn = quell.createFunction(
      { id: "sleepy", cancelOn: [{ event: "lease/stop", match: "data.k" }] },
      { event: "lease/nap" },
      async ({ step }) => step.sleep("nap", "1h"),
    );
    const store = redisStore({ client, prefix });
    expect(await store.acquireLock("events", "dead-process", T0, T0 + LEASE_MS)).toBe(true);
    const live = await process_(prefix, [fn], { pollMs: 100 });
    const [trigger] = (await live.engine.send({ name: "lease/nap", data: { k: 7 } })).ids as [
      string,
    ];
    await live.engine.send({ name: "lease/stop", data: { k: 7 } }); // ingested after: it cancels
    expect(await store.runsForEvent(trigger)).toEqual([]); // nothing processed yet
    await live.clock.advance(LEASE_MS);
    await live.engine.idle();
    const [run] = await store.runsForEvent(trigger);
    expect(run?.state).toBe("cancelled");
    expect(run?.cancellation?.source).toBe("event");
    await live.engine.stop();
  });
});

describe("bulk cancellation across processes", () => {
  it("is finished by another process when its sweeper died", async () => {
    const prefix = namespace();
    const quell = new Quell({ id: "bulk" });
    const fn = quell.createFunction({ id: "sleepy" }, { event: "bulk/nap" }, async ({ step }) =>
      step.sleep("nap", "1h"),
    );
    const live = await process_(prefix, [fn], { pollMs: 100 });
    await live.engine.send(
      Array.from({ length: 5 }, (_, n) => ({ name: "bulk/nap", data: { n } })),
    );
    await live.engine.idle();
    const record = makeBulkCancellation({
      id: "01HZZZZZZZZZZZZZZZZZZZZZZZ",
      app_id: "bulk",
      function_id: "bulk-sleepy",
      started_after: null,
      started_before: T0,
      if: "event.data.n < 3",
      created_at: T0,
      updated_at: T0,
    });
    // Its sweeper created it, took its lock, and died.
    await live.store.putBulkCancellation(record, null);
    expect(
      await live.store.acquireLock(`bulk:${record.id}`, "dead-process", T0, T0 + LEASE_MS),
    ).toBe(true);
    await live.clock.advance(200);
    await live.engine.idle();
    expect((await live.store.getBulkCancellation(record.id))?.status).toBe("running");
    await live.clock.advance(LEASE_MS);
    await live.engine.idle();
    const done = await live.store.getBulkCancellation(record.id);
    expect(done?.status).toBe("completed");
    expect(done?.cancelled).toBe(3);
    const runs = (await live.store.listRuns({ functionId: "bulk-sleepy" })).runs;
    expect(runs.map((r) => [r.event.data.n, r.state]).sort()).toEqual([
      [0, "cancelled"],
      [1, "cancelled"],
      [2, "cancelled"],
      [3, "sleeping"],
      [4, "sleeping"],
    ]);
    await live.engine.stop();
  });
});
