// `pnpm --filter @quell/bench wake-trace [samples]`: where the time goes between an event and
// its run's first step across two engines on one private redis-server, in one process: an
// API-only engine ingests (`workers: false`), a worker engine, woken by the store, runs the
// function. Prints the median sample's store calls (when each was sent and answered, in ms
// after `send` was called) and the percentiles, timed with `performance.now()`. The `wake`
// task measures the same path between real processes; this one shows its round trips.
import { Quell, type Store } from "@quell/core";
import { createEngine } from "@quell/engine";
import { redisStore } from "@quell/redis";
import { Redis } from "ioredis";
import { startBenchRedis } from "./redis/server";

const samples = Number(process.argv[2] ?? 200);
const quiet = { debug() {}, info() {}, warn: console.warn, error: console.error };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let origin = 0;
let marks: string[] = [];
let stepAt: number | null = null;
const mark = (what: string): void => {
  marks.push(`${(performance.now() - origin).toFixed(2).padStart(7)}  ${what}`);
};

/** `store` with every call marked when it is sent and when it answers. */
const traced = (store: Store): Store =>
  new Proxy(store, {
    get(target, property) {
      const value: unknown = Reflect.get(target, property);
      if (typeof value !== "function") return value;
      return (...args: unknown[]): unknown => {
        const name = String(property);
        mark(`> ${name}`);
        const result: unknown = value.apply(target, args);
        if (result instanceof Promise)
          void result.then(
            () => mark(`< ${name}`),
            () => {},
          );
        return result;
      };
    },
  });

const quell = new Quell({ id: "wake-trace" });
const first = quell.createFunction(
  { id: "first", retries: 0 },
  { event: "wake/first" },
  async ({ step }) =>
    step.run("first", async () => {
      stepAt = performance.now() - origin;
      mark("step begins");
    }),
);

const server = await startBenchRedis();
const connect = () => new Redis(server.url, { enableAutoPipelining: true });
const api = createEngine({
  functions: [first],
  store: redisStore({ client: connect(), prefix: "trace:" }),
  logger: quiet,
  workers: false,
});
const worker = createEngine({
  functions: [first],
  store: traced(redisStore({ client: connect(), prefix: "trace:" })),
  logger: quiet,
  pollMs: 1_000,
});
try {
  await api.start();
  await worker.start();
  const runs: { readonly ms: number; readonly marks: string[] }[] = [];
  for (let n = -5; n < samples; n++) {
    await sleep(20 + (Math.abs(n) % 7) * 11); // the worker idle, between its polls
    marks = [];
    stepAt = null;
    origin = performance.now();
    await api.send({ name: "wake/first", data: { n } });
    mark("send answered");
    while (stepAt === null) await sleep(1);
    if (n >= 0) runs.push({ ms: stepAt, marks });
  }
  runs.sort((a, b) => a.ms - b.ms);
  const at = (p: number) => runs[Math.min(runs.length - 1, Math.ceil((p / 100) * runs.length) - 1)];
  console.log(`the median sample (${samples} in all), worker's store calls:`);
  const median = at(50)?.marks ?? [];
  const upToStep = median.findIndex((line) => line.endsWith("step begins"));
  console.log(median.slice(0, upToStep + 1).join("\n"));
  const ms = (p: number) => at(p)?.ms.toFixed(2) ?? "-";
  console.log(`\nevent → first step: p50 ${ms(50)} ms, p90 ${ms(90)} ms, p99 ${ms(99)} ms`);
} finally {
  await worker.stop();
  await api.stop();
  await server.stop();
}
process.exit(0);
