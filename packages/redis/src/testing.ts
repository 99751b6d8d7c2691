import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { createServer } from "node:net";
import { Redis } from "ioredis";
import { hashTag } from "./keys";

/** A private redis-server child process. */
export interface RedisServer {
  readonly port: number;
  readonly url: string;
  /** Stop it: SIGTERM (a clean shutdown) or SIGKILL (a crash). A frozen server is thawed first. */
  stop(signal?: "SIGTERM" | "SIGKILL"): Promise<void>;
  /** Freeze it (SIGSTOP: connections stay open, nothing is answered) or thaw it (SIGCONT). */
  freeze(frozen: boolean): void;
}

export interface RedisServerOptions {
  /** Reuse a port (to restart a server where clients expect it); default a free one. */
  readonly port?: number;
  /** Append-only file in this directory with `appendfsync always`; default no persistence. */
  readonly aofDir?: string | undefined;
}

/** A TCP port nobody listens on right now. */
export const freePort = async (): Promise<number> => {
  const server = createServer();
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const address = server.address();
  server.close();
  await once(server, "close");
  if (address === null || typeof address === "string") throw new Error("no port");
  return address.port;
};

const persistence = (aofDir: string | undefined): string[] =>
  aofDir === undefined
    ? ["--appendonly", "no"]
    : ["--appendonly", "yes", "--appendfsync", "always", "--dir", aofDir];

/** Ask the server on `port` one command over a short-lived connection (rejects if it cannot). */
export const ask = async (port: number, ...args: string[]): Promise<unknown> => {
  const probe = new Redis({
    port,
    host: "127.0.0.1",
    lazyConnect: true,
    retryStrategy: () => null,
  });
  probe.on("error", () => {});
  try {
    await probe.connect();
    return await probe.call(args[0] ?? "PING", ...args.slice(1));
  } finally {
    probe.disconnect();
  }
};

/** Resolve once the server answers PING; reject if it exits first. */
const ready = async (child: ChildProcess, port: number): Promise<void> => {
  let exited = false;
  child.once("exit", () => {
    exited = true;
  });
  for (let attempt = 0; attempt < 200; attempt++) {
    if (exited) throw new Error(`redis-server on port ${port} exited at start`);
    try {
      // A server still loading its AOF answers LOADING: wait for a real PONG.
      if ((await ask(port, "PING")) === "PONG") return;
    } catch {
      // Not listening or still loading.
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`redis-server on port ${port} did not start`);
};

/**
 * Start `redis-server` on a free port, with no RDB snapshots. A missing binary fails the test
 * that called this: Redis tests never skip.
 */
export const startRedisServer = async (options: RedisServerOptions = {}): Promise<RedisServer> => {
  const port = options.port ?? (await freePort());
  const args = ["--port", String(port), "--bind", "127.0.0.1", "--save", ""];
  const child = spawn("redis-server", [...args, ...persistence(options.aofDir)], {
    stdio: ["ignore", "ignore", "pipe"],
  });
  const spawned = new Promise<void>((resolve, reject) => {
    child.once("spawn", resolve);
    child.once("error", reject);
  });
  await spawned;
  await ready(child, port);
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    stop: async (signal = "SIGTERM") => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = once(child, "exit");
      child.kill("SIGCONT");
      child.kill(signal);
      await exited;
    },
    freeze: (frozen) => {
      child.kill(frozen ? "SIGSTOP" : "SIGCONT");
    },
  };
};

/** Delete every key of a namespace (its prefix has no glob characters in these tests). */
export const dropNamespace = async (client: Redis, prefix: string): Promise<void> => {
  let cursor = "0";
  do {
    const [next, keys] = await client.scan(cursor, "MATCH", `${hashTag(prefix)}*`, "COUNT", 1000);
    if (keys.length > 0) await client.unlink(...keys);
    cursor = next;
  } while (cursor !== "0");
};

let namespaces = 0;

/** A prefix no other store in this process uses. */
export const uniquePrefix = (label = "t"): string => {
  namespaces += 1;
  return `${label}${process.pid}-${namespaces}:`;
};

export type { ClusterNode } from "./client";
export type { RedisCluster, RedisClusterOptions } from "./testing-cluster";
export { dropClusterNamespace, startRedisCluster } from "./testing-cluster";
