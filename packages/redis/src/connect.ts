import { StoreUnavailableError } from "@quell/core";
import { Cluster, type ClusterOptions, Redis, type RedisOptions } from "ioredis";
import { type ClusterNode, endpointName } from "./client";
import { DEFAULT_PREFIX, keysFor } from "./keys";
import { checkKeyLayout } from "./layout";
import { openStore, type RedisStore, type RedisStoreOptions } from "./redis-store";
import { socketProblem, toUnavailable } from "./unavailable";

export interface ConnectOptions extends Omit<RedisStoreOptions, "client" | "url" | "cluster"> {
  /** One Redis; give this or `cluster`. */
  readonly url?: string;
  /** A Redis Cluster, by seed nodes; give this or `url`. */
  readonly cluster?: readonly ClusterNode[];
  /**
   * How long a command, or an attempt to connect, may take before it fails as unavailable
   * (`timeout`): a server that accepts connections but does not answer. Default 5 s.
   */
  readonly timeoutMs?: number;
}

export const DEFAULT_TIMEOUT_MS = 5_000;
/** Reconnection backoff: 50 ms, doubling, at most this long between attempts. */
export const MAX_RECONNECT_DELAY_MS = 1_000;

/**
 * ioredis settings for a long-running server. It reconnects for ever, backing off to one
 * attempt a second; a command issued while there is no connection fails at once (no offline
 * queue: a caller gets its 503 now, and a command it gave up on is never sent later); a
 * command in flight when the connection dropped is resent if the connection is back at the
 * first attempt, else fails; nothing waits longer than `timeoutMs`.
 */
export const serverConnectionOptions = (timeoutMs: number): RedisOptions => ({
  lazyConnect: true,
  enableAutoPipelining: true,
  enableOfflineQueue: false,
  maxRetriesPerRequest: 1,
  connectTimeout: timeoutMs,
  commandTimeout: timeoutMs,
  retryStrategy: (attempt: number) => Math.min(50 * 2 ** (attempt - 1), MAX_RECONNECT_DELAY_MS),
});

/**
 * The same for a Redis Cluster: each node's connection has `serverConnectionOptions`, and the
 * cluster connection backs off the same way. A command for a node that is down fails after a few
 * quick retries (`maxRedirections`), as one for a single Redis that is down fails at once.
 */
export const clusterConnectionOptions = (timeoutMs: number): ClusterOptions => {
  const { lazyConnect, enableAutoPipelining, enableOfflineQueue, retryStrategy, ...node } =
    serverConnectionOptions(timeoutMs);
  return {
    lazyConnect,
    enableAutoPipelining,
    enableOfflineQueue,
    clusterRetryStrategy: (attempt: number) => retryStrategy?.(attempt) ?? null,
    redisOptions: node,
    maxRedirections: 4,
  };
};

/**
 * Connect to Redis with `serverConnectionOptions` and open a store on the connection (the
 * store owns it: `close()` closes it). Rejects with a `StoreUnavailableError` naming the
 * problem when Redis cannot be reached now, instead of retrying in the background, and with a
 * `KeyLayoutError` when the namespace is in the key layout of an older version.
 *
 * @example
 * const store = await connectRedisStore({ url: "redis://127.0.0.1:6379", timeoutMs: 2_000 });
 */
export const connectRedisStore = async (options: ConnectOptions): Promise<RedisStore> => {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  if ((options.url === undefined) === (options.cluster === undefined)) {
    throw new TypeError("connectRedisStore: give `url` or `cluster` (exactly one)");
  }
  const client =
    options.cluster === undefined
      ? new Redis(options.url ?? "", serverConnectionOptions(timeoutMs))
      : new Cluster([...options.cluster], clusterConnectionOptions(timeoutMs));
  let first: Error | undefined;
  const onError = (error: Error): void => {
    first ??= error;
  };
  client.on("error", onError);
  try {
    await client.connect();
    await client.ping();
  } catch (error) {
    client.disconnect();
    const cause = first ?? error;
    const endpoint = {
      name: endpointName(client, options.cluster),
      commandTimeoutMs: timeoutMs,
      lastProblem: () => socketProblem(cause),
    };
    throw (
      toUnavailable(cause, endpoint) ??
      new StoreUnavailableError("unreachable", endpoint.name, String(cause), { cause })
    );
  } finally {
    client.off("error", onError);
  }
  try {
    await checkKeyLayout(client, keysFor(options.prefix ?? DEFAULT_PREFIX));
  } catch (error) {
    client.disconnect();
    throw error;
  }
  return openStore(client, true, options);
};
