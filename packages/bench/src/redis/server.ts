import { startRedisServer } from "@quell/redis/testing";
import type { Redis } from "ioredis";

/** A private redis-server for one bench run: no persistence, a free port, stopped at the end. */
export interface BenchRedis {
  readonly url: string;
  stop(): Promise<void>;
}

/** Start `redis-server` (it must be on PATH: the bench never falls back to a mock). */
export const startBenchRedis = async (): Promise<BenchRedis> => {
  const server = await startRedisServer();
  return { url: server.url, stop: () => server.stop() };
};

/** Count the commands a connection sends (each is one round trip, or one slot of a pipeline). */
export const countCommands = (client: Redis): (() => number) => {
  let sent = 0;
  const send = client.sendCommand.bind(client);
  client.sendCommand = ((...args: Parameters<Redis["sendCommand"]>) => {
    sent += 1;
    return send(...args);
  }) as Redis["sendCommand"];
  return () => sent;
};

/**
 * The reads the server has processed from all its clients (`INFO stats` `total_reads_processed`):
 * its network round trips. Commands that arrive together (a pipeline, ioredis' auto-pipelining
 * of the commands of one tick) are one read; so is a reply's wait on the other side.
 */
export const readsProcessed = async (admin: Redis): Promise<number> => {
  const stats = await admin.info("stats");
  const reads = /total_reads_processed:(\d+)/.exec(stats)?.[1];
  if (reads === undefined) throw new Error("INFO stats has no total_reads_processed (Redis < 6)");
  return Number(reads);
};

/**
 * MEMORY USAGE (exact: SAMPLES 0) summed over every key that starts with `prefix`, as given (a
 * Quell namespace's keys start with its hash tag, `hashTag(prefix)`; BullMQ's with `bull:`).
 */
export const namespaceBytes = async (client: Redis, prefix: string): Promise<number> => {
  let total = 0;
  let cursor = "0";
  do {
    const [next, keys] = await client.scan(cursor, "MATCH", `${prefix}*`, "COUNT", 1000);
    for (const key of keys) total += Number((await client.memory("USAGE", key, "SAMPLES", 0)) ?? 0);
    cursor = next;
  } while (cursor !== "0");
  return total;
};
