/**
 * Measures what one run costs on Redis, through the real engine:
 * - redis_roundtrips_per_run: commands and scripts the store sends per one-step run (MONITOR);
 * - redis_bytes_per_sleeping_run: MEMORY USAGE of the keys of one sleeping run with one
 *   indexed cancel listener and a timer (also with `hash-max-listpack-value 2048`, and with a
 *   trigger payload of 1 KiB: `data.note`, 1,024 characters, and for a run that ran three
 *   steps before its sleep).
 * Run: pnpm --filter @quell/redis bench   (starts its own redis-server; prints a table, writes JSON)
 */
import { Quell } from "@quell/core";
import { createEngine } from "@quell/engine";
import { Redis } from "ioredis";
import { type RedisStore, redisStore } from "../src/index";
import { startRedisServer } from "../src/testing";
import { namespaceBytes } from "./memory";
import { countCommands } from "./monitor";
import { report } from "./results-file";

const silent = { debug() {}, info() {}, warn() {}, error: console.error };
const quell = new Quell({ id: "bench" });
const oneStep = quell.createFunction({ id: "one-step" }, { event: "bench/one" }, async ({ step }) =>
  step.run("only", () => 1),
);
const sleeper = quell.createFunction(
  { id: "sleeper", cancelOn: [{ event: "bench/cancel", match: "data.id" }] },
  { event: "bench/sleep" },
  async ({ step }) => step.sleep("nap", "1h"),
);

/** A sleeping run with some history: three memoised steps (an order's usual work), then a sleep. */
const stepper = quell.createFunction(
  { id: "stepper", cancelOn: [{ event: "bench/cancel", match: "data.id" }] },
  { event: "bench/steps" },
  async ({ step }) => {
    await step.run("load-order", () => ({ id: "o-1", total: 42 }));
    await step.run("reserve-stock", () => true);
    await step.run("send-confirmation", () => ({ sent: true }));
    await step.sleep("wait-for-shipping", "1h");
  },
);

const withEngine = async <A>(
  store: RedisStore,
  work: (engine: ReturnType<typeof createEngine>) => Promise<A>,
): Promise<A> => {
  const engine = createEngine({ functions: [oneStep, sleeper, stepper], store, logger: silent });
  await engine.start();
  try {
    return await work(engine);
  } finally {
    await engine.stop();
  }
};

const server = await startRedisServer();
const admin = new Redis(server.url);
const client = new Redis(server.url);
try {
  // Round trips: one run at a time (send, then wait until idle), and a batch sent at once.
  const store = redisStore({ client, prefix: "rt:" });
  const sequential = 20;
  const batch = 200;
  const rt = await withEngine(store, async (engine) => {
    await engine.send({ name: "bench/one" }); // warm-up: the server learns the scripts
    await engine.idle();
    const one = await countCommands(admin, async () => {
      for (let i = 0; i < sequential; i++) {
        await engine.send({ name: "bench/one" });
        await engine.idle();
      }
    });
    const many = await countCommands(admin, async () => {
      await engine.send(Array.from({ length: batch }, () => ({ name: "bench/one" })));
      await engine.idle();
    });
    return { one, many };
  });
  const done = await store.listRuns({ states: ["completed"], limit: 1_000 });
  if (done.runs.length !== 1 + sequential + batch)
    throw new Error(`${done.runs.length} runs completed`);

  // Bytes: one sleeping run alone in a namespace, then the average over many.
  const sleeping = async (prefix: string, count: number, noteBytes = 0, name = "bench/sleep") => {
    const s = redisStore({ client, prefix });
    await withEngine(s, async (engine) => {
      for (let i = 0; i < count; i += 500) {
        const n = Math.min(500, count - i);
        await engine.send(
          Array.from({ length: n }, (_, j) => ({
            name,
            data:
              noteBytes === 0
                ? { id: `x-${i + j}` }
                : { id: `x-${i + j}`, note: "n".repeat(noteBytes) },
          })),
        );
        await engine.idle();
      }
    });
    const page = await s.listRuns({ states: ["sleeping"], limit: count + 1 });
    if (page.runs.length !== count)
      throw new Error(`${page.runs.length} of ${count} runs sleeping`);
    return namespaceBytes(admin, prefix);
  };
  const single = await sleeping("one:", 1);
  const scaled = 5_000;
  const many = await sleeping("many:", scaled);
  const heavy = await sleeping("heavy:", scaled, 1024);
  const stepped = await sleeping("stepped:", scaled, 0, "bench/steps");
  // The same with `hash-max-listpack-value` raised (docs/redis.md, "Tuning the server"): a
  // sleeping run's hash is a listpack either way now (its JSON in pieces of 64 bytes), so this
  // shows the raised limit changes nothing for it.
  await admin.config("SET", "hash-max-listpack-value", "2048");
  const tuned = await sleeping("tuned:", scaled);

  const rows = {
    redis_roundtrips_per_run: rt.one.client / sequential,
    redis_roundtrips_per_run_batched: rt.many.client / batch,
    redis_script_commands_per_run: rt.one.lua / sequential,
    redis_bytes_per_sleeping_run: single.run,
    redis_bytes_per_sleeping_run_at_5000: many.run / scaled,
    redis_bytes_per_trigger_event: single.log,
    redis_bytes_per_sleeping_run_at_5000_payload_1kib: heavy.run / scaled,
    redis_bytes_per_trigger_event_at_5000_payload_1kib: heavy.log / scaled,
    redis_bytes_per_sleeping_run_at_5000_after_3_steps: stepped.run / scaled,
    redis_bytes_per_sleeping_run_at_5000_listpack_2048: tuned.run / scaled,
  };
  report("footprint", rows);
  console.log("one run at a time, per command:", perRun(rt.one.byCommand, sequential));
  console.log(`batch of ${batch}, per command:`, perRun(rt.many.byCommand, batch));
  console.log("keys of one sleeping run:", single.keys);
} finally {
  admin.disconnect();
  client.disconnect();
  await server.stop();
}

function perRun(counts: Readonly<Record<string, number>>, runs: number): Record<string, number> {
  return Object.fromEntries(
    Object.entries(counts).map(([name, n]) => [name, Math.round((n / runs) * 100) / 100]),
  );
}
