import { type Store, StoreUnavailableError } from "@quell/core";
import { Cluster, Redis } from "ioredis";
import {
  type AvailabilityChange,
  createAvailability,
  describeAvailabilityChange,
} from "./availability";
import { type ClusterNode, commandTimeoutOf, endpointName, type RedisClient } from "./client";
import { eventMethods } from "./events";
import { guardCall, guardStore } from "./guard";
import { DEFAULT_PREFIX, keysFor } from "./keys";
import { afterLayoutCheck, checkKeyLayout } from "./layout";
import { listenerMethods } from "./listeners";
import { lockMethods } from "./locks";
import { operationMethods } from "./operations";
import { retentionMethods } from "./retention";
import { runMethods } from "./runs";
import { scheduleMethods } from "./schedule";
import { type Endpoint, socketProblem, toUnavailable } from "./unavailable";
import { workSignal } from "./work-signal";

export interface RedisStoreOptions {
  /** Where to connect (default `redis://127.0.0.1:6379`); ignored when `client` is given. */
  readonly url?: string;
  /**
   * Connect to a Redis Cluster instead, through these seed nodes (one is enough; ioredis finds
   * the others). The namespace lives in one slot (its hash tag): see docs/redis.md.
   */
  readonly cluster?: readonly ClusterNode[];
  /** A connection to use, `Redis` or `Cluster`; the caller keeps owning it (`close()` leaves it open). */
  readonly client?: RedisClient;
  /** Prefix of every key, the store's namespace (default `quell:`). */
  readonly prefix?: string;
  /** How long a user event id deduplicates, measured on `receivedAt` (default 24 h, SPEC §5). */
  readonly dedupeWindowMs?: number;
  /**
   * Told about each connection error of a connection the store opened (ioredis reconnects by
   * itself). Without it, errors are only reported as availability changes.
   */
  readonly onConnectionError?: (error: Error) => void;
  /**
   * Told once when the store becomes unavailable (unreachable, not answering, full) and once
   * when it is available again; default: one line on `console.warn`
   * (`describeAvailabilityChange`).
   */
  readonly onAvailabilityChange?: (change: AvailabilityChange) => void;
}

/** A Redis-backed store, plus a way to let go of the connection it opened. */
export interface RedisStore extends Store {
  readonly prefix: string;
  /** Close the connection if the store opened it; a given `client` is left open. */
  close(): Promise<void>;
}

const DAY_MS = 24 * 60 * 60 * 1000;
// The key `ping` writes while the store is full, to see whether it takes writes again.
const PROBE_TTL_MS = 10_000;

const warn = (change: AvailabilityChange): void => console.warn(describeAvailabilityChange(change));

/**
 * A store on Redis: each transition is one Lua script, so it is atomic across processes.
 *
 * @example
 * const store = redisStore({ url: "redis://127.0.0.1:6379", prefix: "quell:" });
 * const engine = createEngine({ functions, store });
 */
export function redisStore(options: RedisStoreOptions = {}): RedisStore {
  // Auto-pipelining sends the commands issued in one tick of the event loop in one write: the
  // engine overlaps many runs' round trips, and this halves the syscalls they cost. A given
  // `client` keeps its own settings (set `enableAutoPipelining: true` on it for the same).
  if (options.url !== undefined && options.cluster !== undefined) {
    throw new TypeError("redisStore: give `url` or `cluster`, not both");
  }
  const client =
    options.client ??
    (options.cluster === undefined
      ? new Redis(options.url ?? "redis://127.0.0.1:6379", { enableAutoPipelining: true })
      : new Cluster([...options.cluster], { enableAutoPipelining: true }));
  return openStore(client, options.client === undefined, options);
}

/** The store on `client`; `owned`: the store opened it, watches it and closes it. */
export const openStore = (
  client: RedisClient,
  owned: boolean,
  options: RedisStoreOptions,
): RedisStore => {
  const prefix = options.prefix ?? DEFAULT_PREFIX;
  const keys = keysFor(prefix);
  const signal = workSignal(client, keys.work);
  const context = {
    client,
    keys,
    dedupeWindowMs: options.dedupeWindowMs ?? DAY_MS,
    announceWork: signal.announce,
    publishArgs: signal.publishArgs,
  };
  const availability = createAvailability(options.onAvailabilityChange ?? warn);
  let lastProblem: string | null = null;
  const endpoint: Endpoint = {
    name: endpointName(client, options.cluster),
    commandTimeoutMs: commandTimeoutOf(client),
    lastProblem: () => lastProblem,
  };
  let closing = false;
  if (owned) {
    // ioredis emits `error` at every failed reconnection attempt: the availability reports the
    // first one, and `ready` ends the spell even if no command was waiting.
    client.on("error", (error: Error) => {
      options.onConnectionError?.(error);
      if (closing) return;
      lastProblem = socketProblem(error) ?? error.message;
      availability.failed(
        toUnavailable(error, endpoint) ??
          new StoreUnavailableError("unreachable", endpoint.name, lastProblem, { cause: error }),
      );
    });
    client.on("close", () => {
      if (!closing) lastProblem ??= "connection lost";
    });
    client.on("ready", () => {
      lastProblem = null;
      availability.connected();
    });
  }
  const methods = guardStore(
    afterLayoutCheck(
      {
        ...eventMethods(context),
        ...runMethods(context),
        ...listenerMethods(context),
        ...scheduleMethods(context),
        ...operationMethods(context),
        ...lockMethods(context),
        ...retentionMethods(context),
      },
      () => checkKeyLayout(client, keys),
    ),
    availability,
    endpoint,
  );
  const guarded = <A>(call: () => Promise<A>, proof: "answered" | "stored") =>
    guardCall(call, () => proof, availability, endpoint);
  return {
    prefix,
    ...methods,
    ping: async () => {
      // A cluster answers PING from any node: ask the one that holds the namespace.
      const probe = async (): Promise<unknown> =>
        client instanceof Cluster ? client.exists(keys.seq) : client.ping();
      await guarded(probe, "answered");
      // A full store still answers PING: while it is known to refuse writes, try one.
      const reason = availability.down?.reason;
      if (reason === "full" || reason === "refusing")
        await guarded(() => client.set(keys.health, "1", "PX", PROBE_TTL_MS), "stored");
    },
    watchWork: signal.watch,
    close: async () => {
      await signal.close();
      if (!owned || client.status === "end") return;
      closing = true;
      // QUIT needs the server: while it is unreachable, just drop the connection.
      await client.quit().catch(() => client.disconnect());
    },
  };
};
