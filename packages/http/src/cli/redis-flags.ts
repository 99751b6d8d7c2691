import type { Command } from "commander";
import { CliError } from "./client";

/** Where `quell start` and `quell worker` find Redis: one server, or a cluster by seed nodes. */
export type RedisAt =
  | { readonly url: string }
  | { readonly cluster: readonly { readonly host: string; readonly port: number }[] };

export const REDIS = ["--redis <url>", "Redis URL, e.g. redis://127.0.0.1:6379"] as const;
export const REDIS_CLUSTER = [
  "--redis-cluster <host:port,...>",
  "a Redis Cluster instead, by one or more of its nodes, e.g. 10.0.0.1:7000,10.0.0.2:7000",
] as const;

const node = (text: string): { host: string; port: number } => {
  const colon = text.lastIndexOf(":");
  const host = text.slice(0, colon).trim();
  const port = Number(text.slice(colon + 1));
  if (colon <= 0 || host === "" || !Number.isInteger(port) || port <= 0 || port > 65535) {
    throw new CliError(`--redis-cluster: expected host:port, got ${JSON.stringify(text)}`);
  }
  return { host, port };
};

/** `--redis` or `--redis-cluster`, exactly one. */
export const redisAt = (
  command: Command,
  options: { readonly redis?: string; readonly redisCluster?: string },
): RedisAt => {
  const { redis, redisCluster } = options;
  if ((redis === undefined) === (redisCluster === undefined)) {
    throw new CliError(
      `quell ${command.name()} needs --redis <url> or --redis-cluster <host:port,...> (one of them)`,
    );
  }
  if (redis !== undefined) return { url: redis };
  const nodes = (redisCluster ?? "").split(",").filter((part) => part.trim() !== "");
  if (nodes.length === 0) throw new CliError("--redis-cluster: no node given");
  return { cluster: nodes.map(node) };
};

/** `redis://…` or `cluster 10.0.0.1:7000,…`, for messages. */
export const describeRedisAt = (at: RedisAt): string =>
  "url" in at ? at.url : `cluster ${at.cluster.map((n) => `${n.host}:${n.port}`).join(",")}`;
