import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { createServer } from "node:net";
import { Redis } from "ioredis";

/** A private redis-server for one bench run: no persistence, a free port, stopped at the end. */
export interface BenchRedis {
  readonly url: string;
  stop(): Promise<void>;
}

const freePort = async (): Promise<number> => {
  const server = createServer();
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const address = server.address();
  server.close();
  await once(server, "close");
  if (address === null || typeof address === "string") throw new Error("no free port");
  return address.port;
};

const answers = async (port: number, child: ChildProcess): Promise<void> => {
  for (let attempt = 0; attempt < 200; attempt++) {
    if (child.exitCode !== null) throw new Error(`redis-server exited with ${child.exitCode}`);
    const probe = new Redis({
      port,
      host: "127.0.0.1",
      lazyConnect: true,
      retryStrategy: () => null,
    });
    probe.on("error", () => {});
    try {
      await probe.connect();
      if ((await probe.ping()) === "PONG") return;
    } catch {
      // not listening yet
    } finally {
      probe.disconnect();
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error("redis-server did not start");
};

/** Start `redis-server` (it must be on PATH: the bench never falls back to a mock). */
export const startBenchRedis = async (): Promise<BenchRedis> => {
  const port = await freePort();
  const child = spawn(
    "redis-server",
    ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
    { stdio: ["ignore", "ignore", "inherit"] },
  );
  await new Promise<void>((resolve, reject) => {
    child.once("spawn", resolve);
    child.once("error", reject);
  });
  await answers(port, child);
  return {
    url: `redis://127.0.0.1:${port}`,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = once(child, "exit");
      child.kill("SIGTERM");
      await exited;
    },
  };
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

/** MEMORY USAGE (exact: SAMPLES 0) summed over every key that starts with `prefix`. */
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
