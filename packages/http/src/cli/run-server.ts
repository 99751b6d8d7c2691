import {
  formatTriggers,
  isStoreUnavailable,
  leaseProblem,
  parseDuration,
  type QuellFunction,
  toFunctionView,
} from "@quell/core";
import { createEngine, createPartitionedEngine } from "@quell/engine";
import { memoryStore } from "@quell/memory";
import {
  connectRedisStore,
  describeAvailabilityChange,
  KeyLayoutError,
  partitionPrefixes,
  type RedisStore,
} from "@quell/redis";
import { exampleFunctions } from "../examples";
import { DEFAULT_CALL_TIMEOUT_MS, remoteHost } from "../inngest/remote-host";
import { type SyncLoop, startSyncLoop } from "../inngest/sync-loop";
import { createServer } from "../server/create-server";
import { CliError } from "./client";
import { table } from "./format";
import type { Io } from "./io";
import { loadFunctions } from "./load-functions";
import { describeRedisAt, type RedisAt } from "./redis-flags";
import { retentionFlag } from "./retention-flag";

/** The most partitions `--partitions` takes: each is a namespace every process works on. */
const MAX_PARTITIONS = 64;

/** What `quell dev`, `quell start` and `quell worker` run. */
export interface RunOptions {
  readonly file: string | undefined;
  /** A duration such as "30s", or ms. */
  readonly grace: string;
  /** `--retention`: a duration such as "7d", or "off". */
  readonly retention: string;
  /**
   * No Redis URL: the memory store. `poll`: how often to look for other processes' work;
   * `lease`: how long a dead process's runs and locks stay its own; `timeout`: how long a
   * Redis command may take before it fails as unavailable.
   */
  readonly redis?: {
    /** Where: `{ url }` for one Redis, `{ cluster }` (seed nodes) for a Redis Cluster. */
    readonly at: RedisAt;
    readonly prefix: string;
    /** `--partitions`: how many namespaces the runs are spread over (default 1: `prefix`'s). */
    readonly partitions?: string;
    readonly poll: string;
    readonly lease: string;
    readonly timeout?: string;
  };
  /** False: serve the API and execute nothing (`quell start --no-workers`). Default true. */
  readonly workers?: boolean;
  /**
   * SDK apps to sync by their serve URLs (`-u`, `quell dev` and `quell start`); with any, `quell
   * dev` runs no seeds' examples (their app ids would collide with the user's).
   */
  readonly urls?: readonly string[];
  /** `--sync-interval`: how often to sync the apps again (a duration). */
  readonly syncInterval?: string;
  /** `--call-timeout`: how long one call to an app may take (a duration). */
  readonly callTimeout?: string;
  /** A worker: no functions file, only the functions of the synced apps (`--apps-only`). */
  readonly appsOnly?: boolean;
  /** A worker's key to sign its calls to apps with (production apps check it). */
  readonly signingKey?: string;
  /** No HTTP: a worker. `dev` mode accepts any key and binds 127.0.0.1. */
  readonly http?:
    | { readonly mode: "dev"; readonly port: number }
    | {
        readonly mode: "production";
        readonly port: number;
        readonly host: string;
        readonly eventKeys: readonly string[];
        readonly signingKeys: readonly string[];
      };
}

const describe = (functions: readonly QuellFunction[]): string =>
  table([
    ["FUNCTION", "TRIGGER", "CANCEL ON"],
    ...functions.map((fn) => [
      fn.slug,
      formatTriggers(toFunctionView(fn, false).triggers),
      fn.cancelOn.map((rule) => rule.event).join(", ") || "-",
    ]),
  ])
    .split("\n")
    .map((line) => `  ${line}`)
    .join("\n");

/**
 * Stop on SIGTERM/SIGINT: stop taking requests and work, let executions in flight report
 * (engine.stop), and exit 0; exit 1 if that outlasts the grace period. A second signal exits at once.
 */
const onSignals = (io: Io, graceMs: number, stop: () => Promise<void>): void => {
  const grace = graceMs % 1000 === 0 ? `${graceMs / 1000}s` : `${graceMs}ms`;
  let stopping = false;
  const handle = (signal: NodeJS.Signals): void => {
    if (stopping) {
      io.err(`${signal} again: exiting now`);
      process.exit(130);
    }
    stopping = true;
    io.err(`${signal}: stopping; steps in flight have ${grace} to finish`);
    const timer = setTimeout(() => {
      io.err("grace period over with steps still in flight; exiting");
      process.exit(1);
    }, graceMs);
    stop().then(
      () => {
        clearTimeout(timer);
        io.err("stopped");
        process.exit(0);
      },
      (error: unknown) => {
        io.err(`error while stopping: ${String(error)}`);
        process.exit(1);
      },
    );
  };
  process.on("SIGTERM", handle);
  process.on("SIGINT", handle);
};

/**
 * A Redis store on a connection this process owns, or a clear error when Redis does not answer
 * now. Afterwards the connection survives outages (see `connectRedisStore`): each loss and
 * each recovery is one line on stderr, however many requests fail meanwhile.
 */
const connectRedis = async (io: Io, at: RedisAt, prefix: string, timeoutMs: number) => {
  try {
    return await connectRedisStore({
      ...at,
      prefix,
      timeoutMs,
      onAvailabilityChange: (change) => io.err(describeAvailabilityChange(change)),
    });
  } catch (error) {
    if (error instanceof KeyLayoutError) throw new CliError(error.message);
    const detail = isStoreUnavailable(error) ? error.detail : String(error);
    throw new CliError(`cannot reach Redis at ${describeRedisAt(at)}: ${detail}`);
  }
};

/** `--partitions`: a whole number from 1 to 64. */
const partitionCount = (text: string): number => {
  const n = Number(text);
  if (!/^\d+$/.test(text) || n < 1 || n > MAX_PARTITIONS) {
    throw new CliError(
      `--partitions: expected a whole number from 1 to ${MAX_PARTITIONS}, got ${JSON.stringify(text)}`,
    );
  }
  return n;
};

const duration = (flag: string, text: string): number => {
  const ms = parseDuration(/^\d+$/.test(text) ? Number(text) : text);
  if (ms._tag === "Left") throw new CliError(`${flag}: ${ms.left}`);
  return ms.right;
};

const lease = (text: string): number => {
  const ms = duration("--lease", text);
  const problem = leaseProblem(ms);
  if (problem !== null) throw new CliError(`--lease: ${problem}`);
  return ms;
};

/**
 * The file's functions. With no file: none when SDK apps are synced (`-u`, `--apps-only`), the
 * seeds' examples in `quell dev`, and an error elsewhere.
 */
const functionsToRun = async (options: RunOptions): Promise<readonly QuellFunction[]> => {
  const file = options.file;
  if (file === undefined) {
    if ((options.urls ?? []).length > 0 || options.appsOnly === true) return [];
    if (options.http?.mode === "dev") return exampleFunctions;
    const command = options.http === undefined ? "worker" : "start";
    const apps =
      command === "start" ? "-u <serve URL> for an SDK app" : "--apps-only for SDK apps only";
    throw new CliError(
      `quell ${command} needs the functions to run: pass your functions file, e.g. quell ${command} ./functions.mjs --redis <url>, or ${apps} (the seeds' examples run in quell dev only)`,
    );
  }
  try {
    return await loadFunctions(file);
  } catch (error) {
    throw new CliError(error instanceof Error ? error.message : String(error));
  }
};

/**
 * The engine with its store, behind an HTTP server unless it is a worker, running the functions
 * of `file` (or the seeds' examples) until SIGTERM/SIGINT.
 */
export const runServer = async (io: Io, options: RunOptions): Promise<void> => {
  const grace = duration("--grace", options.grace);
  const pollMs = options.redis === undefined ? undefined : duration("--poll", options.redis.poll);
  const leaseMs = options.redis === undefined ? undefined : lease(options.redis.lease);
  const workers = options.workers ?? true;
  const retention = retentionFlag(options.retention);
  const functions = await functionsToRun(options);
  const callTimeoutMs = duration(
    "--call-timeout",
    options.callTimeout ?? `${DEFAULT_CALL_TIMEOUT_MS}`,
  );
  const syncIntervalMs = duration("--sync-interval", options.syncInterval ?? "5s");
  const urls = options.urls ?? [];
  const timeoutMs = duration("--redis-timeout", options.redis?.timeout ?? "5s");
  if (timeoutMs <= 0) throw new CliError("--redis-timeout: must be longer than 0 ms");
  const partitions = partitionCount(options.redis?.partitions ?? "1");
  const prefixes =
    options.redis === undefined ? [] : partitionPrefixes(options.redis.prefix, partitions);
  const redisStores: RedisStore[] = [];
  try {
    for (const prefix of prefixes) {
      redisStores.push(await connectRedis(io, options.redis?.at as RedisAt, prefix, timeoutMs));
    }
  } catch (error) {
    await Promise.all(redisStores.map((store) => store.close()));
    throw error;
  }
  const closeRedis = async (): Promise<void> => {
    await Promise.all(redisStores.map((store) => store.close()));
  };
  // Processes sharing a store see each other's work (events, queued runs, expired leases) only
  // by looking: `pollMs` makes the engine look at least that often.
  const http = options.http;
  // Production apps verify Quell's calls with the signing key they share with it.
  const signingKey = http?.mode === "production" ? http.signingKeys[0] : options.signingKey;
  const engineOptions = {
    functions,
    remote: remoteHost({
      timeoutMs: callTimeoutMs,
      ...(signingKey === undefined ? {} : { signingKey }),
    }),
    ...(pollMs === undefined ? {} : { pollMs }),
    ...(leaseMs === undefined ? {} : { leaseMs }),
    workers,
    retention,
  };
  const engine =
    redisStores.length > 1
      ? createPartitionedEngine({ ...engineOptions, stores: redisStores })
      : createEngine({ ...engineOptions, store: redisStores[0] ?? memoryStore() });
  const server =
    http === undefined
      ? null
      : createServer(
          http.mode === "dev"
            ? { engine, functions, mode: "dev" }
            : {
                engine,
                functions,
                mode: "production",
                eventKeys: http.eventKeys,
                signingKeys: http.signingKeys,
              },
        );
  await engine.start();
  let url: string | null = null;
  if (server !== null && http !== undefined) {
    try {
      url = await server.listen(
        http.mode === "dev" ? { port: http.port } : { port: http.port, host: http.host },
      );
    } catch (error) {
      await engine.stop();
      await closeRedis();
      throw new CliError(`cannot listen on port ${http.port}: ${(error as Error).message}`);
    }
  }
  // The apps post their config back to this server: sync once it listens.
  const sync: SyncLoop | null =
    url === null || urls.length === 0
      ? null
      : startSyncLoop({ urls, intervalMs: syncIntervalMs, log: (line) => io.err(line) });
  onSignals(io, grace, async () => {
    sync?.stop();
    await server?.close();
    await engine.stop();
    await closeRedis();
  });
  const store = `${
    options.redis === undefined
      ? "memory store"
      : `Redis ${describeRedisAt(options.redis.at)}, ${
          prefixes.length > 1
            ? `${prefixes.length} partitions, prefixes ${prefixes.join(" ")}`
            : `prefix ${options.redis.prefix}`
        }`
  }, retention ${options.retention}`;
  const source =
    options.file !== undefined
      ? `, from ${options.file}`
      : functions.length > 0
        ? ", the seeds' examples"
        : "";
  const lines = [
    ...(functions.length > 0 || urls.length === 0
      ? [`Functions (${functions.length}${source}):`, describe(functions), ""]
      : []),
    ...(urls.length > 0
      ? [
          `SDK apps (synced now and every ${options.syncInterval ?? "5s"}; point each at this server with INNGEST_DEV=<its URL> or INNGEST_BASE_URL):`,
          ...urls.map((u) => `  ${u}`),
          "",
        ]
      : []),
  ];
  if (url === null) {
    io.out([`Quell worker running on ${store}`, "", ...lines].join("\n"));
  } else if (http?.mode === "dev") {
    io.out(
      [
        `Quell dev server listening on ${url}  (${store}; any key is accepted; 127.0.0.1 only)`,
        "",
        ...lines,
        "Send an event:",
        `  curl -s -X POST ${url}/e/dev -H 'Content-Type: application/json' -d '{"name":"tasks/reminder.created","data":{"reminderId":"r1","remindAt":"2030-01-01T09:00:00Z"}}'`,
        `  quell runs --url ${url}`,
        `API reference: ${url}/openapi.json`,
      ].join("\n"),
    );
  } else {
    const role = workers ? "" : "; API only: no workers, run `quell worker` beside it";
    io.out(
      [
        `Quell server listening on ${url}  (${store}; event and signing keys required${role})`,
        "",
        ...lines,
      ].join("\n"),
    );
  }
};
