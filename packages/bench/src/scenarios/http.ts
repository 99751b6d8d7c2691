import { created } from "../fixtures";
import {
  type JsonAnswer,
  jsonClient,
  type LoadResult,
  load,
  type ServerProcess,
  startServerProcess,
} from "../harness/http";
import { nowNs, stopwatch, summarize } from "../harness/timing";
import type { ScenarioResult } from "../types";

export interface HttpSettings {
  /** Seconds of timed load on each server (one-second rounds), after `warmupSeconds` untimed. */
  readonly seconds: number;
  readonly warmupSeconds: number;
  /** Connections of the load generator, each with one request in flight. */
  readonly connections: number;
  /** Sleeping runs cancelled one at a time (after `CANCEL_WARMUP` untimed). */
  readonly cancelRuns: number;
}

/** One event per request, named so that no function starts or cancels anything: ingestion. */
const INGEST_BODY = JSON.stringify({ name: "bench/ingested", data: { userId: "user-1", n: 1 } });
const CANCEL_WARMUP = 200;
/** Events per `POST /e/:key` when creating the sleeping runs. */
const CREATE_BATCH = 500;
/** Bounds of the polling loops (a run found Sleeping, a run read Cancelled). */
const MAX_POLLS = 200;
const POLL_MS = 25;
const MAX_READS = 1_000;

interface LoadFigures {
  /** 2xx answers per second over every timed round. */
  readonly perSecond: number;
  readonly ok: number;
  readonly seconds: number;
  /** Highest p99 latency of the rounds, ms. */
  readonly latencyP99Ms: number;
  /** Server CPU time per answered request, ns. */
  readonly cpuPerRequestNs: number;
  /** The load generator's CPU time (this process) per answered request, ns. */
  readonly clientCpuPerRequestNs: number;
}

interface Round extends LoadResult {
  readonly serverCpuNs: number;
  readonly clientCpuNs: number;
}

/** One round of load on one server, with both processes' CPU time around it. */
const round = async (server: ServerProcess, url: string, seconds: number, connections: number) => {
  const before = await server.usage();
  const client = stopwatch();
  const result = await load(url, INGEST_BODY, seconds, connections);
  const clientCpuNs = client().cpu;
  const after = await server.usage();
  if (after.faults > 0) throw new Error(`http ${url}: ${after.faults} requests failed (500)`);
  return { ...result, serverCpuNs: after.cpuNs - before.cpuNs, clientCpuNs };
};

const figures = (rounds: readonly Round[]): LoadFigures => {
  const sum = (f: (r: Round) => number): number => rounds.reduce((a, r) => a + f(r), 0);
  const ok = sum((r) => r.ok);
  const seconds = sum((r) => r.seconds);
  return {
    perSecond: ok / seconds,
    ok,
    seconds,
    latencyP99Ms: Math.max(...rounds.map((r) => r.latencyP99Ms)),
    cpuPerRequestNs: sum((r) => r.serverCpuNs) / ok,
    clientCpuPerRequestNs: sum((r) => r.clientCpuNs) / ok,
  };
};

/**
 * Both servers, each in a fresh process, warmed up, then loaded in alternating one-second rounds
 * (bare, Quell, bare, Quell…) for `seconds` each: load from other processes on a shared machine
 * then falls on both alike.
 */
const measureIngestion = async (
  s: HttpSettings,
): Promise<{ bare: LoadFigures; ingest: LoadFigures }> => {
  const servers: ServerProcess[] = [];
  try {
    const bare = await startServerProcess("bare");
    servers.push(bare);
    const quell = await startServerProcess("quell");
    servers.push(quell);
    const targets = [
      { server: bare, url: `${bare.url}/echo`, rounds: [] as Round[] },
      { server: quell, url: `${quell.url}/e/bench`, rounds: [] as Round[] },
    ];
    for (const t of targets) await load(t.url, INGEST_BODY, s.warmupSeconds, s.connections);
    for (let n = 0; n < s.seconds; n++) {
      for (const t of targets) t.rounds.push(await round(t.server, t.url, 1, s.connections));
    }
    const [b, q] = targets.map((t) => figures(t.rounds)) as [LoadFigures, LoadFigures];
    return { bare: b, ingest: q };
  } finally {
    for (const server of servers) await server.stop();
  }
};

const expectOk = (what: string, answer: JsonAnswer): void => {
  if (answer.status !== 200) {
    throw new Error(`${what}: ${answer.status} ${JSON.stringify(answer.body).slice(0, 300)}`);
  }
};

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

interface RunRow {
  readonly id: string;
  readonly status: string;
}

interface CancelFigures {
  readonly latencyMs: ReturnType<typeof summarize>;
  readonly maxMs: number;
  readonly readsPerRun: number;
}

/**
 * `total` sleeping runs created over HTTP, then, one run at a time: `DELETE /v1/runs/:id`, then
 * `GET /v1/runs/:id` until it reads `Cancelled`; the wall time of each from the DELETE sent to
 * the GET read. The first `CANCEL_WARMUP` are not timed.
 */
const measureCancel = async (runs: number): Promise<CancelFigures> => {
  const server = await startServerProcess("quell");
  const client = jsonClient(server.url);
  try {
    const total = runs + CANCEL_WARMUP;
    for (let from = 0; from < total; from += CREATE_BATCH) {
      const events = [];
      for (let i = from; i < Math.min(total, from + CREATE_BATCH); i++) events.push(created(i));
      expectOk("create sleeping runs", await client.call("POST", "/e/bench", events));
    }
    let sleeping: string[] = [];
    for (let poll = 0; sleeping.length < total; poll++) {
      if (poll >= MAX_POLLS) throw new Error(`http cancel: ${sleeping.length}/${total} sleeping`);
      if (poll > 0) await sleep(POLL_MS);
      sleeping = [];
      let cursor: string | null = null;
      for (let page = 0; page <= total / 1_000 + 1; page++) {
        const query: string = `function_id=sleeper&status=Sleeping&limit=1000${cursor === null ? "" : `&cursor=${encodeURIComponent(cursor)}`}`;
        const answer = await client.call("GET", `/v1/runs?${query}`);
        expectOk("list sleeping runs", answer);
        const body = answer.body as { data: RunRow[]; metadata: { cursor?: string | null } };
        sleeping.push(...body.data.map((run) => run.id));
        cursor = body.metadata.cursor ?? null;
        if (cursor === null) break;
      }
    }
    const samples: number[] = [];
    let reads = 0;
    for (const [n, id] of sleeping.slice(0, total).entries()) {
      const started = nowNs();
      const answer = await client.call("DELETE", `/v1/runs/${id}`);
      expectOk(`DELETE /v1/runs/${id}`, answer);
      let status = "";
      for (let read = 0; status !== "Cancelled"; read++) {
        if (read >= MAX_READS) throw new Error(`http cancel: run ${id} still ${status}`);
        const run = await client.call("GET", `/v1/runs/${id}`);
        expectOk(`GET /v1/runs/${id}`, run);
        status = (run.body as { data: RunRow }).data.status;
        if (n >= CANCEL_WARMUP) reads += 1;
      }
      if (n >= CANCEL_WARMUP) samples.push((nowNs() - started) / 1e6);
    }
    const after = await server.usage();
    if (after.faults > 0) throw new Error(`http cancel: ${after.faults} requests failed (500)`);
    return {
      latencyMs: summarize(samples),
      maxMs: Math.max(...samples),
      readsPerRun: reads / samples.length,
    };
  } finally {
    client.close();
    await server.stop();
  }
};

const ms = (x: number): string => x.toFixed(2);
const us = (ns: number): string => (ns / 1e3).toFixed(1);
const rate = (x: number): string => Math.round(x).toLocaleString("en-US");

/**
 * The HTTP server (`@quell/http`, dev mode, memory store) in its own process, driven from this
 * one over loopback: event ingestion under autocannon against the same load on a bare Fastify
 * echo route, then the latency of cancelling one run over the API.
 */
export const httpTask = async (s: HttpSettings): Promise<ScenarioResult> => {
  const { bare, ingest } = await measureIngestion(s);
  const cancel = await measureCancel(s.cancelRuns);
  const load = (name: string, f: LoadFigures): string =>
    `${name} ${rate(f.perSecond)}/s (${f.ok.toLocaleString("en-US")} in ${f.seconds.toFixed(1)} s, latency p99 ${f.latencyP99Ms} ms, cpu per request: server ${us(f.cpuPerRequestNs)} µs, load generator ${us(f.clientCpuPerRequestNs)} µs)`;
  return {
    rows: [
      { name: "http_events_per_s", value: Math.round(ingest.perSecond), unit: "events/s" },
      {
        name: "http_ingest_ratio_vs_bare",
        value: Number((ingest.perSecond / bare.perSecond).toFixed(2)),
        unit: "ratio POST /e ÷ bare echo",
      },
      {
        name: "http_cancel_p99_ms",
        value: Number(cancel.latencyMs.p99.toFixed(2)),
        unit: "ms",
      },
    ],
    points: [],
    notes: [
      `http: ${s.connections} connections, ${s.seconds} alternating 1 s rounds per server after ${s.warmupSeconds} s warm-up, each server in its own process: ${load("POST /e/:key", ingest)}; ${load("bare Fastify echo", bare)}; server cpu per request, bare ÷ POST /e: ${(bare.cpuPerRequestNs / ingest.cpuPerRequestNs).toFixed(2)}`,
      `http cancel: ${s.cancelRuns} sleeping runs one at a time (after ${CANCEL_WARMUP}), DELETE then GET until Cancelled: p50 ${ms(cancel.latencyMs.p50)} ms, mean ${ms(cancel.latencyMs.mean)} ms, p99 ${ms(cancel.latencyMs.p99)} ms, max ${ms(cancel.maxMs)} ms, ${cancel.readsPerRun.toFixed(2)} GETs per run`,
    ],
  };
};
