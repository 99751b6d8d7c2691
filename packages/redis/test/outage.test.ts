import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { isStoreUnavailable, Quell, type StoreUnavailableError } from "@quell/core";
import { createEngine, type Engine } from "@quell/engine";
import { Redis } from "ioredis";
import { afterEach, describe, expect, it } from "vitest";
import {
  type AvailabilityChange,
  connectRedisStore,
  describeAvailabilityChange,
  type RedisStore,
} from "../src/index";
import { freePort, type RedisServer, startRedisServer, uniquePrefix } from "../src/testing";
import { until } from "./support/until";

// The Redis store and an engine on it while redis-server is killed, frozen or full: calls fail
// with StoreUnavailableError, each outage is reported once, and the engine resumes by itself.

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

const durableServer = async (port?: number, dir?: string) => {
  const aofDir = dir ?? mkdtempSync(join(tmpdir(), "quell-outage-"));
  const server = await startRedisServer({ aofDir, ...(port === undefined ? {} : { port }) });
  cleanup.push(async () => {
    await server.stop("SIGKILL");
    if (dir === undefined) rmSync(aofDir, { recursive: true, force: true });
  });
  return { server, aofDir };
};

/** A store as `quell start` opens one, recording its availability changes. */
const connect = async (server: RedisServer, timeoutMs = 2_000) => {
  const changes: AvailabilityChange[] = [];
  const store = await connectRedisStore({
    url: server.url,
    prefix: uniquePrefix("out"),
    timeoutMs,
    onAvailabilityChange: (change) => changes.push(change),
  });
  cleanup.push(() => store.close());
  return { store, changes, tags: () => changes.map((c) => c._tag) };
};

const failure = async (promise: Promise<unknown>): Promise<StoreUnavailableError> => {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (!isStoreUnavailable(error)) throw new Error(`expected StoreUnavailableError, got ${error}`);
  return error;
};

const quell = new Quell({ id: "outage" });
const napper = quell.createFunction({ id: "napper" }, { event: "outage/nap" }, async ({ step }) => {
  await step.sleep("nap", 1_000);
  return step.run("after", async () => "woke");
});

describe("redis-server killed while runs sleep, restarted from its append-only file", () => {
  it("the runs wake and finish; the outage is reported once, the engine logs nothing", async () => {
    const { server, aofDir } = await durableServer();
    const { store, tags, changes } = await connect(server);
    const errors: unknown[] = [];
    const logger = {
      debug() {},
      info() {},
      warn: () => {},
      error: (...a: unknown[]) => errors.push(a),
    };
    const engine: Engine = createEngine({ functions: [napper], store, logger, pollMs: 200 });
    cleanup.push(() => engine.stop());
    await engine.start();
    await engine.send(Array.from({ length: 20 }, (_, i) => ({ name: "outage/nap", data: { i } })));
    const statuses = async () => (await engine.listRuns({ limit: 100 })).runs.map((r) => r.status);
    await until("20 sleeping runs", async () => {
      const now = await statuses();
      return (now.length === 20 && now.every((s) => s === "Sleeping")) || now.join();
    });

    await server.stop("SIGKILL");
    const down = await failure(engine.send({ name: "outage/nap" }));
    expect(down).toMatchObject({ reason: "unreachable", store: `redis 127.0.0.1:${server.port}` });
    expect(down.detail).toMatch(/ECONNREFUSED|not connected|connection/);
    // Down past the runs' wake-up time: their timers come due while every tick fails.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    await durableServer(server.port, aofDir);

    await until("every run to finish", async () => {
      const now = await statuses();
      return now.filter((s) => s === "Completed").length === 20 || now.join();
    });
    expect(tags()).toEqual(["Lost", "Restored"]);
    expect(describeAvailabilityChange(changes[0] as AvailabilityChange)).toMatch(
      new RegExp(`^redis 127.0.0.1:${server.port}: .+; retrying$`),
    );
    expect(describeAvailabilityChange(changes[1] as AvailabilityChange)).toMatch(
      /available again after \d+\.\d s$/,
    );
    expect(errors).toEqual([]);
  });
});

describe("a redis-server that accepts connections but does not answer (SIGSTOP)", () => {
  it("times commands out as unavailable, says so once, and recovers when it answers", async () => {
    const { server } = await durableServer();
    const { store, tags } = await connect(server, 300);
    await store.ingest([]);
    expect(await store.lastSeq()).toBe(0);
    server.freeze(true);
    const first = await failure(store.lastSeq());
    expect(first).toMatchObject({ reason: "timeout", detail: "no answer within 300 ms" });
    await failure(store.getRun("r1"));
    await failure(store.ping());
    expect(tags()).toEqual(["Lost"]);
    server.freeze(false);
    await until("an answer", async () => (await store.lastSeq()) === 0 || "no");
    await store.ping();
    expect(tags()).toEqual(["Lost", "Restored"]);
  });
});

describe("a full redis-server (maxmemory, noeviction)", () => {
  it("refuses writes as `full`, keeps reads, reports it once, and recovers when there is room", async () => {
    const { server } = await durableServer();
    const { store, tags } = await connect(server);
    const admin = new Redis(server.url);
    cleanup.push(() => admin.quit().then(() => undefined));
    const used = Number(/used_memory:(\d+)/.exec(await admin.info("memory"))?.[1]);
    await admin.config("SET", "maxmemory-policy", "noeviction");
    await admin.config("SET", "maxmemory", String(used + 200_000));
    const event = (i: number) => ({
      internalId: `e${i}`,
      payload: {
        name: "outage/fill",
        data: { pad: "x".repeat(2_000) },
        id: `e${i}`,
        ts: i,
        user: {},
      },
      dedupeKey: null,
      receivedAt: i,
    });
    let full: StoreUnavailableError | null = null;
    for (let i = 0; i < 1_000 && full === null; i++) {
      full = await store.ingest([event(i)]).then(
        () => null,
        (e: unknown) => (isStoreUnavailable(e) ? e : Promise.reject(e)),
      );
    }
    expect(full).toMatchObject({ reason: "full" });
    expect(full?.detail).toMatch(/^out of memory \(OOM /);
    for (let i = 0; i < 20; i++) {
      await failure(store.ingest([event(10_000 + i)])); // each write refused
      expect(await store.lastSeq()).toBeGreaterThan(0); // reads still answered
    }
    expect((await failure(store.ping())).reason).toBe("full");
    expect(tags()).toEqual(["Lost"]); // one line, not one per call

    await admin.config("SET", "maxmemory", "0");
    await store.ping();
    expect(tags()).toEqual(["Lost", "Restored"]);
    expect((await store.ingest([event(20_000)]))[0]?._tag).toBe("Ingested");
  });
});

describe("connectRedisStore", () => {
  it("rejects at once, naming the problem, when nothing listens", async () => {
    const port = await freePort();
    const error = await failure(connectRedisStore({ url: `redis://127.0.0.1:${port}` }));
    expect(error).toMatchObject({
      reason: "unreachable",
      store: `redis 127.0.0.1:${port}`,
      detail: "connection refused (ECONNREFUSED)",
    });
  });

  it("closes even while Redis is down", async () => {
    const { server } = await durableServer();
    const store: RedisStore = await connectRedisStore({
      url: server.url,
      onAvailabilityChange: () => {},
    });
    await server.stop("SIGKILL");
    await store.close();
    expect((await failure(store.lastSeq())).reason).toBe("unreachable");
  });
});
