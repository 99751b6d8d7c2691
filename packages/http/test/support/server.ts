import type { Logger, QuellFunction, RunView } from "@quell/core";
import { createEngine, type Engine, type VirtualClock, virtualClock } from "@quell/engine";
import { memoryStore } from "@quell/memory";
import { redisStore } from "@quell/redis";
import { afterAll, afterEach, expect } from "vitest";
import { createServer, type ServerEngine, type ServerOptions } from "../../src/index";
import { testFunctions } from "./functions";
import { assertDocumented } from "./openapi";
import { type RedisServer, startRedis } from "./redis";
import { assertWireShape } from "./wire-shape";

/** The stores every HTTP suite runs on (SPEC §7.7: the same answers on each). */
export const stores = ["memory", "redis"] as const;
export type StoreKind = (typeof stores)[number];

// One private redis-server per test file, started on first use; each server gets its own prefix.
let redis: Promise<RedisServer> | null = null;
let namespaces = 0;
afterAll(async () => {
  if (redis !== null) await (await redis).stop();
  redis = null;
});

const storeOf = async (kind: StoreKind) => {
  if (kind === "memory") return { store: memoryStore(), close: async () => {} };
  redis ??= startRedis();
  namespaces += 1;
  const store = redisStore({
    url: (await redis).url,
    prefix: `http-${process.pid}-${namespaces}:`,
  });
  return { store, close: () => store.close() };
};

export const START = "2024-01-01T00:00:00.000Z";

const silent: Logger = { info: () => {}, warn: () => {}, error: () => {}, debug: () => {} };

export interface RequestOptions {
  /** A JSON body (sent with `Content-Type: application/json`). */
  readonly json?: unknown;
  /** A raw body, sent as is. */
  readonly body?: string | Uint8Array;
  readonly headers?: Record<string, string>;
}

export interface Answer<T = unknown> {
  readonly status: number;
  readonly body: T;
}

export interface TestServerOptions {
  readonly functions?: readonly QuellFunction[];
  readonly mode?: ServerOptions["mode"];
  readonly eventKeys?: readonly string[];
  readonly signingKeys?: readonly string[];
  readonly bodyLimit?: number;
  /** Replace the engine the server sees (e.g. one without the operations). */
  readonly wrap?: (engine: Engine) => ServerEngine;
  /** Signing key sent with every request by default. */
  readonly signingKey?: string;
  /** Event key `send` uses; default "test-key". */
  readonly eventKey?: string;
  /** Default memory. */
  readonly store?: StoreKind;
}

export type TestServer = Awaited<ReturnType<typeof startServer>>;

/**
 * A real server listening on a free port, over the engine with the memory store and a virtual
 * clock. Every response is checked against the OpenAPI document and the wire rules (ISO times,
 * snake_case keys: ./wire-shape).
 */
export const startServer = async (options: TestServerOptions = {}) => {
  const clock: VirtualClock = virtualClock(Date.parse(START));
  const functions = options.functions ?? testFunctions;
  const backing = await storeOf(options.store ?? "memory");
  // Scenarios read runs weeks after they ended; retention is tested on its own
  // (packages/engine/test/operations/retention.test.ts, the stores' conformance suite).
  const engine = createEngine({
    functions,
    store: backing.store,
    clock,
    logger: silent,
    retention: false,
  });
  const faults: unknown[] = [];
  const server = createServer({
    engine: options.wrap?.(engine) ?? engine,
    functions,
    mode: options.mode ?? "dev",
    ...(options.eventKeys ? { eventKeys: options.eventKeys } : {}),
    ...(options.signingKeys ? { signingKeys: options.signingKeys } : {}),
    ...(options.bodyLimit ? { bodyLimit: options.bodyLimit } : {}),
    now: clock.now,
    onFault: (error) => faults.push(error),
  });
  await engine.start();
  const url = await server.listen({ port: 0 });

  const request = async <T = unknown>(
    method: string,
    path: string,
    req: RequestOptions = {},
  ): Promise<Answer<T>> => {
    const headers: Record<string, string> = {};
    if (req.json !== undefined) headers["content-type"] = "application/json";
    if (options.signingKey !== undefined) headers.authorization = `Bearer ${options.signingKey}`;
    Object.assign(headers, req.headers);
    const body = req.json !== undefined ? JSON.stringify(req.json) : req.body;
    const response = await fetch(`${url}${path}`, {
      method,
      headers,
      ...(body === undefined ? {} : { body }),
    });
    const text = await response.text();
    const parsed: unknown = JSON.parse(text);
    assertDocumented(method, path, response.status, parsed);
    assertWireShape(method, path, parsed);
    return { status: response.status, body: parsed as T };
  };

  /** Data of a 200 `{ data, metadata }` answer (fails the test on any other status). */
  const data = async <T>(method: string, path: string, req: RequestOptions = {}): Promise<T> => {
    const answer = await request<{ data: T }>(method, path, req);
    if (answer.status !== 200)
      throw new Error(`${method} ${path}: ${answer.status} ${JSON.stringify(answer.body)}`);
    return answer.body.data;
  };

  /** Send events over HTTP and let the engine finish what they started. */
  const send = async (events: unknown): Promise<string[]> => {
    const answer = await request<{ ids: string[] }>(
      "POST",
      `/e/${options.eventKey ?? "test-key"}`,
      { json: events },
    );
    if (answer.status !== 200)
      throw new Error(`send: ${answer.status} ${JSON.stringify(answer.body)}`);
    await engine.idle();
    return answer.body.ids;
  };

  /** The one run an event started. */
  const runOf = async (eventId: string | undefined): Promise<RunView> => {
    const runs = await data<RunView[]>("GET", `/v1/events/${eventId}/runs`);
    if (runs.length !== 1) throw new Error(`expected one run for ${eventId}, got ${runs.length}`);
    return runs[0] as RunView;
  };

  /** Everything an API call could change, to show that a rejected request changed nothing. */
  const snapshot = async () => {
    const runs = await engine.listRuns({ limit: 10_000 });
    return {
      runs: runs.runs.map((r) => ({
        id: r.id,
        state: r.state,
        steps: r.steps.length,
        timeline: r.timeline.length,
      })),
      cancellations: "listCancellations" in engine ? await engine.listCancellations() : [],
      functions: "functions" in engine ? await engine.functions() : [],
    };
  };

  return {
    url,
    engine,
    clock,
    server,
    faults,
    request,
    data,
    send,
    runOf,
    snapshot,
    settle: () => engine.idle(),
    advance: async (duration: string | number) => {
      await clock.advance(duration);
      await engine.idle();
    },
    close: async () => {
      await server.close();
      await engine.stop();
      await backing.close();
    },
  };
};

/** Servers for one test file: closed after each test, which also checks no request faulted. */
export const useServers = () => {
  const open: TestServer[] = [];
  afterEach(async () => {
    for (const s of open.splice(0)) {
      await s.close();
      expect(s.faults, "no request may fault (a 500)").toEqual([]);
    }
  });
  return async (options?: TestServerOptions): Promise<TestServer> => {
    const s = await startServer(options);
    open.push(s);
    return s;
  };
};
