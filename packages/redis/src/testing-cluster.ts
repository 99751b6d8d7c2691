import { type ChildProcess, execFile, spawn } from "node:child_process";
import { once } from "node:events";
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import type { Cluster } from "ioredis";
import type { ClusterNode } from "./client";
import { hashTag } from "./keys";
import { ask, freePort } from "./testing";

const run = promisify(execFile);

/** A private Redis Cluster of masters, each a `redis-server` child process. */
export interface RedisCluster {
  /** Every master, in start order: the seed nodes. */
  readonly nodes: readonly ClusterNode[];
  /** The index in `nodes` of the master that serves the slot of this namespace. */
  masterOf(prefix: string): Promise<number>;
  /** Kill one node with SIGKILL (a crash). */
  kill(index: number): Promise<void>;
  /** Start a killed node again on its port, from its nodes.conf (and its AOF, with `aof`). */
  restart(index: number): Promise<void>;
  /** Stop every node and delete their files. */
  stop(): Promise<void>;
}

export interface RedisClusterOptions {
  /** How many masters (default 3, the fewest `redis-cli --cluster create` accepts). */
  readonly masters?: number;
  /** Append-only files with `appendfsync always`, so a restarted node has its data (default off). */
  readonly aof?: boolean;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Resolve once `check` holds, polling; reject with `what` after about 20 s. */
const poll = async (what: string, check: () => Promise<boolean>): Promise<void> => {
  for (let attempt = 0; attempt < 800; attempt++) {
    if (await check().catch(() => false)) return;
    await sleep(25);
  }
  throw new Error(`redis cluster: ${what}`);
};

/** Every node says `cluster_state:ok` and knows every other node. */
const settled = async (ports: readonly number[]): Promise<boolean> => {
  for (const port of ports) {
    const info = String(await ask(port, "CLUSTER", "INFO"));
    if (!info.includes("cluster_state:ok")) return false;
    if (!info.includes(`cluster_known_nodes:${ports.length}`)) return false;
  }
  return true;
};

/**
 * Start a Redis Cluster of `masters` masters and no replicas on free loopback ports:
 * `redis-server --cluster-enabled yes` per node, then `redis-cli --cluster create`, then wait
 * until every node reports `cluster_state:ok`. A missing `redis-server` or `redis-cli` fails
 * the test that called this: Redis tests never skip.
 */
export const startRedisCluster = async (
  options: RedisClusterOptions = {},
): Promise<RedisCluster> => {
  const masters = options.masters ?? 3;
  const root = await mkdtemp(join(tmpdir(), "quell-cluster-"));
  const ports: number[] = [];
  for (let i = 0; i < masters; i++) ports.push(await freePort());
  const children: (ChildProcess | null)[] = ports.map(() => null);

  const launch = async (index: number): Promise<void> => {
    const port = ports[index] as number;
    const dir = join(root, `node-${index}`);
    await mkdir(dir, { recursive: true });
    const persistence = options.aof
      ? ["--appendonly", "yes", "--appendfsync", "always"]
      : ["--appendonly", "no"];
    const child = spawn(
      "redis-server",
      [
        ...["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--dir", dir],
        ...["--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf"],
        ...["--cluster-node-timeout", "2000"],
        ...persistence,
      ],
      { stdio: ["ignore", "ignore", "pipe"] },
    );
    await new Promise<void>((resolve, reject) => {
      child.once("spawn", resolve);
      child.once("error", reject);
    });
    children[index] = child;
    await poll(`node ${port} did not start`, async () => (await ask(port, "PING")) === "PONG");
  };

  try {
    await Promise.all(ports.map((_, i) => launch(i)));
    await run("redis-cli", [
      "--cluster",
      "create",
      ...ports.map((port) => `127.0.0.1:${port}`),
      "--cluster-replicas",
      "0",
      "--cluster-yes",
    ]);
    await poll("did not reach cluster_state:ok", () => settled(ports));
  } catch (error) {
    for (const child of children) child?.kill("SIGKILL");
    await rm(root, { recursive: true, force: true });
    throw error;
  }

  const stopNode = async (index: number, signal: NodeJS.Signals): Promise<void> => {
    const child = children[index];
    children[index] = null;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = once(child, "exit");
    child.kill(signal);
    await exited;
  };

  return {
    nodes: ports.map((port) => ({ host: "127.0.0.1", port })),
    masterOf: async (prefix) => {
      const slot = Number(await ask(ports[0] as number, "CLUSTER", "KEYSLOT", hashTag(prefix)));
      const shards = (await ask(ports[0] as number, "CLUSTER", "SLOTS")) as [
        number,
        number,
        [string, number],
      ][];
      const owner = shards.find(([from, to]) => slot >= from && slot <= to);
      return ports.indexOf(Number(owner?.[2][1]));
    },
    kill: (index) => stopNode(index, "SIGKILL"),
    restart: async (index) => {
      await launch(index);
      await poll("did not settle after a restart", () => settled(ports));
    },
    stop: async () => {
      await Promise.all(ports.map((_, i) => stopNode(i, "SIGTERM")));
      await rm(root, { recursive: true, force: true });
    },
  };
};

/** Delete every key of a namespace on a cluster: it lives in one slot, so on one master. */
export const dropClusterNamespace = async (client: Cluster, prefix: string): Promise<void> => {
  for (const node of client.nodes("master")) {
    let cursor = "0";
    do {
      const [next, keys] = await node.scan(cursor, "MATCH", `${hashTag(prefix)}*`, "COUNT", 1000);
      if (keys.length > 0) await client.unlink(...keys);
      cursor = next;
    } while (cursor !== "0");
  }
};
