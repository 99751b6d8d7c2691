import { Redis } from "ioredis";
import { afterAll, beforeAll } from "vitest";
import { hashTag, type RedisStore, type RedisStoreOptions, redisStore } from "../../src/index";
import { dropNamespace, type RedisServer, startRedisServer, uniquePrefix } from "../../src/testing";

/**
 * A private redis-server for the calling test file (started before its tests, stopped after),
 * one client on it, and stores in fresh namespaces that are dropped at the end.
 */
export const privateRedis = (label: string) => {
  let server: RedisServer | undefined;
  let connection: Redis | undefined;
  const stores: RedisStore[] = [];
  beforeAll(async () => {
    server = await startRedisServer();
    connection = new Redis(server.url);
  });
  afterAll(async () => {
    for (const store of stores) if (connection) await dropNamespace(connection, store.prefix);
    await connection?.quit();
    await server?.stop();
  });
  const client = (): Redis => {
    if (connection === undefined) throw new Error("privateRedis: used outside a test");
    return connection;
  };
  return {
    client,
    /** The server's URL, for a store that opens its own connection. */
    url: (): string => {
      if (server === undefined) throw new Error("privateRedis: used outside a test");
      return server.url;
    },
    /** A store in a fresh namespace on the shared client. */
    fresh: (options: Omit<RedisStoreOptions, "client" | "prefix" | "url"> = {}): RedisStore => {
      const store = redisStore({ ...options, client: client(), prefix: uniquePrefix(label) });
      stores.push(store);
      return store;
    },
    /** Drop this store's namespace at the end too. */
    dropLater: (store: RedisStore): void => {
      stores.push(store);
    },
    /** Every key of a namespace, without its hash tag `{prefix}`, sorted. */
    keysOf: async (prefix: string): Promise<string[]> => {
      const tag = hashTag(prefix);
      return (await client().keys(`${tag}*`)).map((key) => key.slice(tag.length)).sort();
    },
  };
};
