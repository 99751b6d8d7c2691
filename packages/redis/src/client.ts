import { Cluster, type Redis } from "ioredis";

/**
 * What the store runs on: one Redis (`Redis`) or a Redis Cluster (`Cluster`). Both have the
 * same commands; a Cluster routes each by its key's slot, and every key of a namespace is in
 * one slot (its hash tag), so scripts and pipelines stay on one node.
 */
export type RedisClient = Redis | Cluster;

/** A node of a Redis Cluster to discover the others from (a seed). */
export interface ClusterNode {
  readonly host: string;
  readonly port: number;
}

/**
 * How messages name the connection: `redis 127.0.0.1:6379`, or `redis cluster 127.0.0.1:7000,…`
 * with the seed nodes when the store opened the Cluster connection (ioredis keeps them private).
 */
export const endpointName = (client: RedisClient, seeds?: readonly ClusterNode[]): string => {
  if (!(client instanceof Cluster)) {
    return `redis ${client.options.host ?? "127.0.0.1"}:${client.options.port ?? 6379}`;
  }
  const named = (seeds ?? []).map((node) => `${node.host}:${node.port}`).join(",");
  return named === "" ? "redis cluster" : `redis cluster ${named}`;
};

/** The command timeout a connection was given, if any. */
export const commandTimeoutOf = (client: RedisClient): number | undefined =>
  client instanceof Cluster
    ? client.options.redisOptions?.commandTimeout
    : client.options.commandTimeout;

/** A second connection with the same settings, for pub/sub (which takes a connection over). */
export const duplicateClient = (
  client: RedisClient,
  override: { readonly enableAutoPipelining: boolean; readonly lazyConnect: boolean },
): RedisClient =>
  client instanceof Cluster ? client.duplicate([], { ...override }) : client.duplicate(override);
