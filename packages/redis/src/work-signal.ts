import { randomUUID } from "node:crypto";
import { duplicateClient, type RedisClient } from "./client";

/**
 * Wake-ups between the processes of one namespace (`Store.watchWork`), on Redis pub/sub: a
 * store that wrote work publishes its own id on the namespace's channel, at most once per
 * event-loop turn and never awaited (the write's reply does not wait for it); every other store
 * subscribed there tells its listeners. The publish follows the write's reply, so a process
 * woken by it finds the work. Ingestion, the first step of most work, publishes from inside its
 * script instead, after its writes and before its reply (`publishArgs`). A subscriber looks
 * once each time its subscription takes (at start and after each reconnection), so what was
 * announced while it was not subscribed is found then, not at the next poll.
 */
export interface WorkSignal {
  /** Tell the other processes there is work (after the write that added it answered). */
  announce(): void;
  /**
   * The channel and this store's message, for a script that publishes itself (`ingest-n.lua`):
   * the others wake as its write lands, a round trip sooner than `announce`.
   */
  readonly publishArgs: readonly [channel: string, origin: string];
  watch(listener: () => void): () => void;
  close(): Promise<void>;
}

export const workSignal = (client: RedisClient, channel: string): WorkSignal => {
  const origin = randomUUID();
  const listeners = new Set<() => void>();
  let announcing = false;
  let subscriber: RedisClient | null = null;

  const subscribe = (): RedisClient => {
    const connection = duplicateClient(client, { enableAutoPipelining: false, lazyConnect: false });
    // The store's own connection reports outages; this one just reconnects. It subscribes once
    // connected (each time: a server that restarted has forgotten it), since the store's
    // connection settings may refuse commands before that (no offline queue).
    connection.on("error", () => {});
    connection.on("ready", () => {
      // Once subscribed, every listener looks once: work announced before the subscription
      // took (a process just started, or reconnected) was published to nobody here.
      connection
        .subscribe(channel)
        .then(() => {
          for (const listener of listeners) listener();
        })
        .catch(() => {});
    });
    connection.on("message", (_channel: string, from: string) => {
      if (from === origin) return;
      // Work another process wrote may concern this one: each listener looks (a tick).
      for (const listener of listeners) listener();
    });
    return connection;
  };

  const unsubscribe = async (): Promise<void> => {
    const connection = subscriber;
    subscriber = null;
    if (connection === null || connection.status === "end") return;
    await connection.quit().catch(() => connection.disconnect());
  };

  return {
    publishArgs: [channel, origin],
    announce: () => {
      if (announcing) return;
      announcing = true;
      setImmediate(() => {
        announcing = false;
        client.publish(channel, origin).catch(() => {});
      });
    },
    watch: (listener) => {
      listeners.add(listener);
      subscriber ??= subscribe();
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0) void unsubscribe();
      };
    },
    close: unsubscribe,
  };
};
