import type { Store } from "@quell/core";
import { Redis } from "ioredis";
import { eventMethods } from "./events";
import { keysFor } from "./keys";
import { listenerMethods } from "./listeners";
import { lockMethods } from "./locks";
import { operationMethods } from "./operations";
import { retentionMethods } from "./retention";
import { runMethods } from "./runs";
import { scheduleMethods } from "./schedule";

export interface RedisStoreOptions {
  /** Where to connect (default `redis://127.0.0.1:6379`); ignored when `client` is given. */
  readonly url?: string;
  /** A connection to use; the caller keeps owning it (`close()` leaves it open). */
  readonly client?: Redis;
  /** Prefix of every key, the store's namespace (default `quell:`). */
  readonly prefix?: string;
  /** How long a user event id deduplicates, measured on `receivedAt` (default 24 h, SPEC §5). */
  readonly dedupeWindowMs?: number;
  /**
   * Told about connection errors of a connection the store opened (ioredis reconnects by
   * itself; commands meanwhile wait or fail). Without it, ioredis logs them.
   */
  readonly onConnectionError?: (error: Error) => void;
}

/** A Redis-backed store, plus a way to let go of the connection it opened. */
export interface RedisStore extends Store {
  readonly prefix: string;
  /** Close the connection if the store opened it; a given `client` is left open. */
  close(): Promise<void>;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * A store on Redis: each transition is one Lua script, so it is atomic across processes.
 *
 * @example
 * const store = redisStore({ url: "redis://127.0.0.1:6379", prefix: "quell:" });
 * const engine = createEngine({ functions, store });
 */
export function redisStore(options: RedisStoreOptions = {}): RedisStore {
  const owned = options.client === undefined;
  // Auto-pipelining sends the commands issued in one tick of the event loop in one write: the
  // engine overlaps many runs' round trips, and this halves the syscalls they cost. A given
  // `client` keeps its own settings (set `enableAutoPipelining: true` on it for the same).
  const client =
    options.client ??
    new Redis(options.url ?? "redis://127.0.0.1:6379", { enableAutoPipelining: true });
  if (owned && options.onConnectionError !== undefined)
    client.on("error", options.onConnectionError);
  const prefix = options.prefix ?? "quell:";
  const context = {
    client,
    keys: keysFor(prefix),
    dedupeWindowMs: options.dedupeWindowMs ?? DAY_MS,
  };
  return {
    prefix,
    ...eventMethods(context),
    ...runMethods(context),
    ...listenerMethods(context),
    ...scheduleMethods(context),
    ...operationMethods(context),
    ...lockMethods(context),
    ...retentionMethods(context),
    close: async () => {
      if (owned && client.status !== "end") await client.quit();
    },
  };
}
