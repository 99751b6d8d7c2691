// Helpers of the `http` task: a server in its own process (http-child.ts), a keep-alive JSON
// client for one-at-a-time requests, and autocannon driven programmatically. Loopback only.
import { type ChildProcess, fork } from "node:child_process";
import { Agent, request } from "node:http";
import { fileURLToPath } from "node:url";
import autocannon from "autocannon";

/** `quell`: the real server over an engine; `bare`: Fastify with one JSON echo route. */
export type ServerKind = "quell" | "bare";

/** What the server process sends back over IPC. */
export type ServerMessage =
  | { readonly type: "ready"; readonly url: string }
  | { readonly type: "usage"; readonly cpuNs: number; readonly faults: number };

export interface ServerProcess {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  /** The server process's CPU time so far (user + system, ns) and its 500s so far. */
  usage(): Promise<{ readonly cpuNs: number; readonly faults: number }>;
  stop(): Promise<void>;
}

const child = fileURLToPath(new URL("./http-child.ts", import.meta.url));
const tsx = import.meta.resolve("tsx");
const READY_MS = 30_000;
const ANSWER_MS = 10_000;

/** Wait for the next message of `type`, at most `ms`. */
const next = <T extends ServerMessage["type"]>(
  proc: ChildProcess,
  type: T,
  ms: number,
): Promise<Extract<ServerMessage, { type: T }>> =>
  new Promise((resolve, reject) => {
    const timer = setTimeout(() => done(new Error(`server process: no ${type} in ${ms} ms`)), ms);
    const onMessage = (message: ServerMessage): void => {
      if (message.type === type) done(null, message as Extract<ServerMessage, { type: T }>);
    };
    const onExit = (code: number | null): void =>
      done(new Error(`server process exited (${code}) before ${type}`));
    const done = (error: Error | null, message?: Extract<ServerMessage, { type: T }>): void => {
      clearTimeout(timer);
      proc.off("message", onMessage);
      proc.off("exit", onExit);
      if (error !== null || message === undefined) reject(error);
      else resolve(message);
    };
    proc.on("message", onMessage);
    proc.once("exit", onExit);
  });

/** Start a server of `kind` in a fresh node process on a free loopback port. */
export const startServerProcess = async (kind: ServerKind): Promise<ServerProcess> => {
  const proc = fork(child, [kind], { execArgv: ["--import", tsx], stdio: "inherit" });
  let ready: { url: string };
  try {
    ready = await next(proc, "ready", READY_MS);
  } catch (error) {
    proc.kill("SIGKILL");
    throw error;
  }
  return {
    url: ready.url,
    usage: async () => {
      const answer = next(proc, "usage", ANSWER_MS);
      proc.send("usage");
      const { cpuNs, faults } = await answer;
      return { cpuNs, faults };
    },
    stop: async () => {
      if (proc.exitCode !== null) return;
      const exited = new Promise<void>((resolve) => proc.once("exit", () => resolve()));
      proc.send("stop");
      const timer = setTimeout(() => proc.kill("SIGKILL"), ANSWER_MS);
      await exited;
      clearTimeout(timer);
    },
  };
};

export interface JsonAnswer {
  readonly status: number;
  readonly body: unknown;
}

/**
 * A client for one request at a time over one kept-alive connection, so a measured request pays
 * no TCP handshake. Each request times out after 10 s.
 */
export const jsonClient = (base: string) => {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const call = (method: string, path: string, json?: unknown): Promise<JsonAnswer> =>
    new Promise((resolve, reject) => {
      const payload = json === undefined ? undefined : JSON.stringify(json);
      const req = request(
        `${base}${path}`,
        {
          method,
          agent,
          timeout: ANSWER_MS,
          headers:
            payload === undefined
              ? {}
              : {
                  "content-type": "application/json",
                  "content-length": Buffer.byteLength(payload),
                },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (chunk: Buffer) => chunks.push(chunk));
          res.on("end", () => {
            try {
              const text = Buffer.concat(chunks).toString("utf8");
              resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) as unknown });
            } catch (error) {
              reject(error);
            }
          });
          res.on("error", reject);
        },
      );
      req.on("timeout", () => req.destroy(new Error(`${method} ${path}: timed out`)));
      req.on("error", reject);
      req.end(payload);
    });
  return { call, close: () => agent.destroy() };
};

export interface LoadResult {
  /** 2xx answers per second of the run. */
  readonly perSecond: number;
  readonly ok: number;
  readonly seconds: number;
  readonly latencyP50Ms: number;
  readonly latencyP99Ms: number;
}

/**
 * `connections` connections POSTing `body` (JSON) to `url` for `seconds`, one request in flight
 * per connection. Fails on any non-2xx answer, connection error or timeout.
 */
export const load = async (
  url: string,
  body: string,
  seconds: number,
  connections: number,
): Promise<LoadResult> => {
  if (!url.startsWith("http://127.0.0.1:")) throw new Error(`loopback only, not ${url}`);
  const result = await autocannon({
    url,
    method: "POST",
    headers: { "content-type": "application/json" },
    body,
    connections,
    pipelining: 1,
    duration: seconds,
    timeout: 10,
  });
  if (result.non2xx > 0 || result.errors > 0 || result.timeouts > 0) {
    throw new Error(
      `load on ${url}: ${result.non2xx} non-2xx, ${result.errors} errors, ${result.timeouts} timeouts`,
    );
  }
  const ok = result["2xx"];
  if (ok === 0) throw new Error(`load on ${url}: no answer`);
  return {
    perSecond: ok / result.duration,
    ok,
    seconds: result.duration,
    latencyP50Ms: result.latency.p50,
    latencyP99Ms: result.latency.p99,
  };
};
