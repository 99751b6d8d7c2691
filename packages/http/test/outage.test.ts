import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createEngine } from "@quell/engine";
import { connectRedisStore } from "@quell/redis";
import { type RedisServer, startRedisServer } from "@quell/redis/testing";
import { Redis } from "ioredis";
import { afterEach, describe, expect, it } from "vitest";
import { createServer } from "../src/index";
import { testFunctions } from "./support/functions";
import { assertDocumented } from "./support/openapi";

// The HTTP answers while the store is unavailable: 503 in the usual `{ error, status }` shape
// with `Retry-After`, never a 500, and `GET /health` naming what is down.

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const start = async () => {
  const aofDir = mkdtempSync(join(tmpdir(), "quell-http-outage-"));
  let redis: RedisServer = await startRedisServer({ aofDir });
  cleanup.push(async () => {
    await redis.stop("SIGKILL");
    rmSync(aofDir, { recursive: true, force: true });
  });
  const store = await connectRedisStore({
    url: redis.url,
    prefix: "http-outage:",
    timeoutMs: 2_000,
    onAvailabilityChange: () => {},
  });
  const silent = { debug() {}, info() {}, warn() {}, error() {} };
  const engine = createEngine({ functions: testFunctions, store, logger: silent, pollMs: 100 });
  const faults: unknown[] = [];
  const server = createServer({
    engine,
    functions: testFunctions,
    mode: "dev",
    onFault: (e) => faults.push(e),
  });
  await engine.start();
  const url = await server.listen({ port: 0 });
  cleanup.push(async () => {
    await server.close();
    await engine.stop();
    await store.close();
  });
  const call = async (method: string, path: string, json?: unknown) => {
    const response = await fetch(`${url}${path}`, {
      method,
      ...(json === undefined
        ? {}
        : { headers: { "content-type": "application/json" }, body: JSON.stringify(json) }),
    });
    const body = (await response.json()) as Record<string, unknown>;
    assertDocumented(method, path, response.status, body);
    return { status: response.status, body, retryAfter: response.headers.get("retry-after") };
  };
  /** Call until it answers `status` (the client reconnects within a second). */
  const callUntil = async (status: number, method: string, path: string, json?: unknown) => {
    let answer = await call(method, path, json);
    for (let i = 0; i < 100 && answer.status !== status; i++) {
      await sleep(50);
      answer = await call(method, path, json);
    }
    return answer;
  };
  return {
    call,
    callUntil,
    faults,
    port: () => redis.port,
    admin: () => new Redis(redis.url),
    kill: () => redis.stop("SIGKILL"),
    restart: async () => {
      redis = await startRedisServer({ port: redis.port, aofDir });
    },
  };
};

describe("while Redis is down", () => {
  it("ingestion and reads answer 503 with Retry-After, and 200 once it is back", async () => {
    const s = await start();
    const before = await s.call("POST", "/e/key", { name: "test/sleep" });
    expect(before.status).toBe(200);
    const runId = "01HQ0000000000000000000000";

    await s.kill();
    const down = {
      error: expect.stringMatching(
        new RegExp(`^store unavailable: redis 127\\.0\\.0\\.1:${s.port()}: `),
      ),
      status: 503,
    };
    const answers = [
      await s.call("POST", "/e/key", { name: "test/quick", data: { value: 1 } }),
      await s.call("GET", "/v1/runs"),
      await s.call("GET", `/v1/runs/${runId}`),
      await s.call("DELETE", `/v1/runs/${runId}`),
      await s.call("GET", "/v1/functions"),
      await s.call("GET", "/v1/cancellations"),
      await s.call("POST", "/v1/cancellations", {
        app_id: "test-app",
        function_id: "sleeper",
        started_before: "2020-01-01T00:00:00Z",
      }),
    ];
    for (const answer of answers) {
      expect(answer).toEqual({ status: 503, body: down, retryAfter: "1" });
    }

    await s.restart();
    const after = await s.callUntil(200, "POST", "/e/key", { name: "test/quick" });
    expect(after.status).toBe(200);
    // The event acknowledged before the outage is still there, with its run.
    const ids = before.body.ids as string[];
    const runs = await s.call("GET", `/v1/events/${ids[0]}/runs`);
    expect(runs.body.data).toMatchObject([{ status: "Sleeping" }]);
    expect(s.faults).toEqual([]); // not one 500
  });
});

describe("GET /health", () => {
  it("answers 200 when the store answers, 503 naming it when not", async () => {
    const s = await start();
    expect(await s.call("GET", "/health")).toEqual({
      status: 200,
      body: { status: "ok", checks: { store: "ok" } },
      retryAfter: null,
    });
    await s.kill();
    const down = await s.call("GET", "/health");
    // Right after the crash the client knows the connection dropped; once it tried again, why.
    const problem = `redis 127\\.0\\.0\\.1:${s.port()}: (connection lost|connection refused \\(ECONNREFUSED\\))`;
    expect(down).toEqual({
      status: 503,
      body: {
        error: expect.stringMatching(new RegExp(`^store unavailable: ${problem}$`)),
        status: 503,
        checks: { store: expect.stringMatching(new RegExp(`^${problem}$`)) },
      },
      retryAfter: "1",
    });
    await s.restart();
    const up = await s.callUntil(200, "GET", "/health");
    expect(up.body).toEqual({ status: "ok", checks: { store: "ok" } });
  });

  it("says the store is full while Redis refuses writes (maxmemory), and ingestion answers 503", async () => {
    const s = await start();
    const admin = s.admin();
    cleanup.push(() => admin.quit().then(() => undefined));
    const big = { name: "test/none", data: { pad: "x".repeat(4_000) } };
    for (let i = 0; i < 50; i++) expect((await s.call("POST", "/e/key", big)).status).toBe(200);
    // Well below what is used: the few bytes the engine frees (events marked processed) cannot
    // bring it back under the limit, so the store stays full until the limit is raised.
    const used = Number(/used_memory:(\d+)/.exec(await admin.info("memory"))?.[1]);
    await admin.config("SET", "maxmemory-policy", "noeviction");
    await admin.config("SET", "maxmemory", String(used - 100_000));
    expect(await s.call("POST", "/e/key", big)).toEqual({
      status: 503,
      body: {
        error: expect.stringMatching(/^store unavailable: redis .+: out of memory \(OOM /),
        status: 503,
      },
      retryAfter: "30",
    });
    const health = await s.call("GET", "/health");
    expect(health.status).toBe(503);
    expect(health.body.checks).toEqual({ store: expect.stringMatching(/out of memory/) });
    expect((await s.call("GET", "/v1/runs")).status).toBe(200); // reads still work

    await admin.config("SET", "maxmemory", "0");
    expect((await s.call("GET", "/health")).status).toBe(200);
    expect((await s.call("POST", "/e/key", big)).status).toBe(200);
    expect(s.faults).toEqual([]);
  });
});
