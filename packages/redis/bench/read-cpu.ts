/**
 * The CPU one `store.getRun` costs the process: a sleeping run (the footprint bench's) read
 * 20,000 times, 50 reads in flight, `process.cpuUsage` (user + system) over the calls; five
 * rounds after a warm-up.
 * Run: pnpm --filter @quell/redis bench:read   (starts its own redis-server; prints a table)
 */
import { Quell } from "@quell/core";
import { createEngine } from "@quell/engine";
import { Redis } from "ioredis";
import { redisStore } from "../src/index";
import { startRedisServer } from "../src/testing";

const quell = new Quell({ id: "bench" });
const sleeper = quell.createFunction(
  { id: "sleeper", cancelOn: [{ event: "bench/cancel", match: "data.id" }] },
  { event: "bench/sleep" },
  async ({ step }) => step.sleep("nap", "1h"),
);
const silent = { debug() {}, info() {}, warn() {}, error: console.error };

const CALLS = 20_000;
const IN_FLIGHT = 50;
const ROUNDS = 5;

const server = await startRedisServer();
const client = new Redis(server.url, { enableAutoPipelining: true });
try {
  const store = redisStore({ client, prefix: "read:" });
  const engine = createEngine({ functions: [sleeper], store, logger: silent });
  await engine.start();
  await engine.send({ name: "bench/sleep", data: { id: "x-1" } });
  await engine.idle();
  await engine.stop();
  const [run] = (await store.listRuns({ states: ["sleeping"] })).runs;
  if (run === undefined) throw new Error("no sleeping run");
  /** `calls` reads, `IN_FLIGHT` at a time; the CPU they took, in µs per call. */
  const measure = async (calls: number): Promise<number> => {
    const start = process.cpuUsage();
    let next = 0;
    const reader = async () => {
      while (next < calls) {
        next++;
        if ((await store.getRun(run.id)) === null) throw new Error("run vanished");
      }
    };
    await Promise.all(Array.from({ length: IN_FLIGHT }, reader));
    const used = process.cpuUsage(start);
    return (used.user + used.system) / calls;
  };
  await measure(CALLS / 4); // warm-up: the JIT
  // The machine is shared: the least of several rounds is the steadiest figure.
  const rounds: number[] = [];
  for (let i = 0; i < ROUNDS; i++) rounds.push(await measure(CALLS));
  const round = (us: number) => Math.round(us * 10) / 10;
  console.table({
    getRun_cpu_us_least: round(Math.min(...rounds)),
    getRun_cpu_us_rounds: rounds.map(round).join(" / "),
  });
} finally {
  client.disconnect();
  await server.stop();
}
