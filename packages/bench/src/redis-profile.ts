// `pnpm --filter @quell/bench redis-profile <cancel|schedule|one-step> [items]`: where the time of
// Quell on Redis goes. One engine on a private redis-server, fed as the Redis-vs-BullMQ rows are
// (50 callers of `send`, concurrency 50); after a warm-up it measures one stretch of `items`:
// this process's CPU and the server's per item, the server's commands per item, the socket
// writes, and a V8 CPU profile of the stretch (bench/results/profiles/redis-<target>.cpuprofile).
import { mkdir, writeFile } from "node:fs/promises";
import { Session } from "node:inspector/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { createEngine } from "@quell/engine";
import { redisStore } from "@quell/redis";
import { Redis } from "ioredis";
import { startBenchRedis } from "./redis/server";
import { commandCosts, countSocketWrites, serverCpuSeconds } from "./redis/server-cost";
import { type CpuProfile, formatHotSpots, summarizeProfile } from "./report/profile-summary";
import { quellFunctions } from "./scenarios/redis-vs-bullmq";

const [target = "cancel", itemsArg = "3000"] = process.argv.slice(2);
const items = Number(itemsArg);
const TARGETS = ["cancel", "schedule", "one-step"];
if (!TARGETS.includes(target) || !(items > 0)) {
  console.error(`usage: redis-profile <${TARGETS.join("|")}> [items > 0]`);
  process.exit(2);
}
const WIDTH = 50;

const functions = quellFunctions();

const redis = await startBenchRedis();
const client = new Redis(redis.url, { enableAutoPipelining: true });
const admin = new Redis(redis.url);
const engine = createEngine({
  functions,
  store: redisStore({ client, prefix: "quell:" }),
  concurrency: WIDTH,
  logger: { debug() {}, info() {}, warn: console.warn, error: console.error },
});
await engine.start();
const socket = countSocketWrites(client);

/** `send` one event per call, `WIDTH` calls in flight, then wait until the engine is idle. */
const sendAll = async (name: string, count: number, id: (i: number) => string): Promise<void> => {
  let next = 0;
  const lane = async (): Promise<void> => {
    for (let i = next++; i < count; i = next++) await engine.send({ name, data: { id: id(i) } });
  };
  await Promise.all(Array.from({ length: WIDTH }, lane));
  await engine.idle();
};

/** Set up `count` items under `tag`; returns the stretch that measures them. */
const prepare = async (tag: string, count: number): Promise<() => Promise<void>> => {
  const id = (i: number) => `${tag}-${i}`;
  if (target === "one-step") return () => sendAll("bench/one", count, id);
  if (target === "schedule") return () => sendAll("bench/sleep", count, id);
  await sendAll("bench/sleep", count, id);
  return () => sendAll("bench/cancel", count, id);
};

await (await prepare("warm", 500))();
const stretch = await prepare("measured", items);
const session = new Session();
session.connect();
await session.post("Profiler.enable");
await session.post("Profiler.setSamplingInterval", { interval: 200 });
await admin.config("RESETSTAT");
const serverBefore = await serverCpuSeconds(admin);
const socketBefore = socket();
const cpuBefore = process.cpuUsage();
await session.post("Profiler.start");
const started = performance.now();
await stretch();
const wallMs = performance.now() - started;
const { profile } = await session.post("Profiler.stop");
const cpu = process.cpuUsage(cpuBefore);
const socketAfter = socket();
const serverMs = ((await serverCpuSeconds(admin)) - serverBefore) * 1000;
const costs = await commandCosts(admin);

const perItem = (n: number, digits = 2) => (n / items).toFixed(digits);
console.log(
  `${target}: ${items} items in ${wallMs.toFixed(0)} ms, ${((items / wallMs) * 1000).toFixed(0)} items/s`,
);
console.log(
  `  engine process CPU: ${perItem((cpu.user + cpu.system) / 1000, 3)} ms per item (system ${perItem(cpu.system / 1000, 3)})`,
);
console.log(`  redis-server CPU:   ${perItem(serverMs, 3)} ms per item`);
const writes = socketAfter.writes - socketBefore.writes;
const bytes = socketAfter.bytes - socketBefore.bytes;
console.log(
  `  socket writes: ${perItem(writes)} per item, ${perItem(bytes, 0)} B per item (${(bytes / Math.max(1, writes)).toFixed(0)} B per write)`,
);
console.log("\nserver commands per item (a script's time includes the commands it ran)");
for (const { command, calls, usec } of costs.slice(0, 16)) {
  console.log(
    `  ${command.padEnd(16)} ${perItem(calls).padStart(6)} calls  ${perItem(usec, 1).padStart(7)} µs`,
  );
}
const dir = fileURLToPath(new URL("../../../bench/results/profiles/", import.meta.url));
await mkdir(dir, { recursive: true });
const file = join(dir, `redis-${target}.cpuprofile`);
await writeFile(file, JSON.stringify(profile));
const summary = summarizeProfile(profile as CpuProfile, 25);
console.log(`\nengine process, self time (written to ${file})\n${formatHotSpots(summary.self)}`);
await engine.stop();
client.disconnect();
admin.disconnect();
await redis.stop();
process.exit(0);
