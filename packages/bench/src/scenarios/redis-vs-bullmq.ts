// Quell on Redis side by side with BullMQ, in one process, on one private redis-server, at the
// same concurrency: what BullMQ is used for (delayed jobs, removing them, running no-op jobs)
// against Quell's equivalents (sleeping runs, cancelling them with a cancelOn event, one-step
// runs). Self-contained: `run(options)` returns the rows; `src/redis-vs-bullmq.ts` prints them.
import { Quell } from "@quell/core";
import { createEngine, type Engine } from "@quell/engine";
import { hashTag, redisStore } from "@quell/redis";
import { Queue, Worker } from "bullmq";
import { Redis } from "ioredis";
import { countCommands, namespaceBytes, readsProcessed, startBenchRedis } from "../redis/server";

export interface RedisVsBullmqOptions {
  /** Items per measurement (runs or jobs); default 5,000. */
  readonly items?: number;
  /** Engine executions / BullMQ worker concurrency, and how many callers submit at once; default 50. */
  readonly concurrency?: number;
  /** Items of the untimed warm-up of each side; default 300. */
  readonly warmup?: number;
  readonly log?: (line: string) => void;
}

export interface RedisBenchRow {
  readonly name: string;
  readonly value: number;
  readonly unit: string;
}

interface Figures {
  readonly schedulePerSec: number;
  readonly cancelPerSec: number;
  readonly oneStepPerSec: number;
  readonly bytesPerSleeping: number;
  /** Commands the side's own client sent per one-step run or no-op job (NaN: not counted). */
  readonly commandsPerRun: number;
  /** Reads the server processed per one-step run or no-op job: round trips, a pipeline one. */
  readonly roundTripsPerRun: number;
}

/** `work`, and the server's reads during it per item (its own INFO call not counted). */
const roundTrips = async (admin: Redis, n: number, work: () => Promise<number>) => {
  const before = await readsProcessed(admin);
  const value = await work();
  const reads = (await readsProcessed(admin)) - before - 1;
  return { value, perItem: reads / n };
};

const silent = { debug() {}, info() {}, warn: console.warn, error: console.error };

/** Call `work(i)` for i < n with `width` calls in flight at once. */
const parallel = async <A>(
  n: number,
  width: number,
  work: (i: number) => Promise<A>,
): Promise<A[]> => {
  const out: A[] = new Array(n);
  let next = 0;
  const lane = async (): Promise<void> => {
    for (let i = next++; i < n; i = next++) out[i] = await work(i);
  };
  await Promise.all(Array.from({ length: Math.min(width, n) }, lane));
  return out;
};

/** Items per second of `work`, timed with the monotonic clock. */
const rate = async (n: number, work: () => Promise<void>): Promise<number> => {
  const start = process.hrtime.bigint();
  await work();
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  return n / seconds;
};

const expectCount = (what: string, actual: number, expected: number): void => {
  if (actual !== expected) throw new Error(`${what}: ${actual}, expected ${expected}`);
};

/** The functions of the Quell side (also `redis-profile`'s): a sleeper cancelled by `bench/cancel`, a one-step. */
export const quellFunctions = () => {
  const quell = new Quell({ id: "bench" });
  return [
    quell.createFunction(
      { id: "sleeper", cancelOn: [{ event: "bench/cancel", match: "data.id" }] },
      { event: "bench/sleep" },
      async ({ step }) => step.sleep("nap", "1h"),
    ),
    quell.createFunction({ id: "one-step" }, { event: "bench/one" }, async ({ step }) =>
      step.run("only", () => 1),
    ),
  ];
};

/** Quell: one engine (concurrency `c`) on the Redis store, fed by `c` callers of `send`. */
const measureQuell = async (
  url: string,
  admin: Redis,
  n: number,
  c: number,
  warmup: number,
): Promise<Figures> => {
  const client = new Redis(url, { enableAutoPipelining: true }); // as redisStore({ url }) makes it
  const sent = countCommands(client);
  const prefix = "quell:";
  const engine: Engine = createEngine({
    functions: quellFunctions(),
    store: redisStore({ client, prefix }),
    concurrency: c,
    logger: silent,
  });
  await engine.start();
  const send = (
    name: string,
    count: number,
    data: (i: number) => Record<string, string> = () => ({}),
  ) => parallel(count, c, (i) => engine.send({ name, data: data(i) }));
  try {
    // Warm-up: the server learns the scripts, V8 compiles the hot paths.
    await send("bench/sleep", warmup, (i) => ({ id: `warm-${i}` }));
    await send("bench/cancel", warmup, (i) => ({ id: `warm-${i}` }));
    await send("bench/one", warmup);
    await engine.idle();
    await engine.stop();
    await admin.flushall();
    await engine.start();

    const schedulePerSec = await rate(n, async () => {
      await send("bench/sleep", n, (i) => ({ id: `s-${i}` }));
      await engine.idle();
    });
    expectCount("sleeping runs", await admin.zcard(`${hashTag(prefix)}x:s:sleeping`), n);
    const bytesPerSleeping = (await namespaceBytes(admin, hashTag(prefix))) / n;
    const cancelPerSec = await rate(n, async () => {
      await send("bench/cancel", n, (i) => ({ id: `s-${i}` }));
      await engine.idle();
    });
    expectCount("cancelled runs", await admin.zcard(`${hashTag(prefix)}x:s:cancelled`), n);
    const before = sent();
    const oneStep = await roundTrips(admin, n, () =>
      rate(n, async () => {
        await send("bench/one", n);
        await engine.idle();
      }),
    );
    const commandsPerRun = (sent() - before) / n;
    expectCount(
      "completed runs",
      await admin.zcard(`${hashTag(prefix)}x:f:completed:bench-one-step`),
      n,
    );
    return {
      schedulePerSec,
      cancelPerSec,
      oneStepPerSec: oneStep.value,
      bytesPerSleeping,
      commandsPerRun,
      roundTripsPerRun: oneStep.perItem,
    };
  } finally {
    await engine.stop();
    await client.quit();
  }
};

/** BullMQ: delayed `add`, `remove(jobId)`, and a Worker with concurrency `c` running no-op jobs. */
const measureBullmq = async (
  url: string,
  admin: Redis,
  n: number,
  c: number,
  warmup: number,
): Promise<Figures> => {
  const { hostname, port } = new URL(url);
  const connection = { host: hostname, port: Number(port), maxRetriesPerRequest: null };
  const delayed = new Queue("delayed", { connection });
  const jobs = new Queue("jobs", { connection });
  let completed = 0;
  let onCompleted: () => void = () => {};
  const worker = new Worker("jobs", async () => {}, { connection, concurrency: c });
  worker.on("completed", () => {
    completed += 1;
    onCompleted();
  });
  await Promise.all([delayed.waitUntilReady(), jobs.waitUntilReady(), worker.waitUntilReady()]);
  const addDelayed = (count: number, tag: string) =>
    parallel(
      count,
      c,
      async (i) => (await delayed.add("nap", { id: `${tag}-${i}` }, { delay: 3_600_000 })).id ?? "",
    );
  const runJobs = async (count: number): Promise<void> => {
    completed = 0;
    const all = new Promise<void>((resolve) => {
      onCompleted = () => {
        if (completed >= count) resolve();
      };
    });
    await parallel(count, c, (i) => jobs.add("noop", { i }));
    await all;
  };
  try {
    const warm = await addDelayed(warmup, "warm");
    await parallel(warm.length, c, (i) => delayed.remove(warm[i] ?? ""));
    await runJobs(warmup);

    let ids: string[] = [];
    const schedulePerSec = await rate(n, async () => {
      ids = await addDelayed(n, "s");
    });
    expectCount("delayed jobs", await admin.zcard("bull:delayed:delayed"), n);
    const bytesPerSleeping = (await namespaceBytes(admin, "bull:delayed:")) / n;
    let removed = 0;
    const cancelPerSec = await rate(n, async () => {
      const answers = await parallel(n, c, (i) => delayed.remove(ids[i] ?? ""));
      removed = answers.filter((a) => a === 1).length;
    });
    expectCount("removed jobs", removed, n);
    const oneStep = await roundTrips(admin, n, () => rate(n, () => runJobs(n)));
    return {
      schedulePerSec,
      cancelPerSec,
      oneStepPerSec: oneStep.value,
      bytesPerSleeping,
      commandsPerRun: Number.NaN,
      roundTripsPerRun: oneStep.perItem,
    };
  } finally {
    await worker.close();
    await delayed.close();
    await jobs.close();
  }
};

const round = (value: number, digits = 2): number => Number(value.toFixed(digits));

/**
 * Measure both sides on one private redis-server (flushed between them) and return the rows:
 * the three ratios (Quell ÷ BullMQ, ≥ 1 means Quell is at least as fast), round trips per
 * one-step run, bytes per sleeping run, and each side's raw rates for reference.
 */
export const run = async (options: RedisVsBullmqOptions = {}): Promise<RedisBenchRow[]> => {
  const n = options.items ?? 5_000;
  const c = options.concurrency ?? 50;
  const warmup = options.warmup ?? 300;
  const log = options.log ?? (() => {});
  const server = await startBenchRedis();
  const admin = new Redis(server.url);
  try {
    log(`BullMQ: ${n} items, concurrency ${c}`);
    const bull = await measureBullmq(server.url, admin, n, c, warmup);
    await admin.flushall();
    log(`Quell on Redis: ${n} items, concurrency ${c}`);
    const quell = await measureQuell(server.url, admin, n, c, warmup);
    return [
      {
        name: "redis_schedule_ratio_vs_bullmq",
        value: round(quell.schedulePerSec / bull.schedulePerSec),
        unit: "ratio (sleeping runs created/s ÷ BullMQ delayed add/s)",
      },
      {
        name: "redis_cancel_ratio_vs_bullmq",
        value: round(quell.cancelPerSec / bull.cancelPerSec),
        unit: "ratio (runs cancelled by a cancelOn event/s ÷ BullMQ remove/s)",
      },
      {
        name: "redis_one_step_ratio_vs_bullmq",
        value: round(quell.oneStepPerSec / bull.oneStepPerSec),
        unit: "ratio (one-step runs completed/s ÷ BullMQ no-op jobs/s)",
      },
      {
        name: "redis_roundtrips_per_run",
        value: round(quell.roundTripsPerRun, 1),
        unit: "round trips per one-step run (reads the server processed; a pipeline is one)",
      },
      {
        name: "redis_commands_per_run",
        value: round(quell.commandsPerRun, 1),
        unit: "commands and scripts sent per one-step run",
      },
      {
        name: "redis_bullmq_roundtrips_per_job",
        value: round(bull.roundTripsPerRun, 1),
        unit: "round trips per no-op job (reads the server processed)",
      },
      {
        name: "redis_bytes_per_sleeping_run",
        value: Math.round(quell.bytesPerSleeping),
        unit: "bytes (MEMORY USAGE, run + listener + timer + its event)",
      },
      {
        name: "redis_quell_schedule_per_sec",
        value: Math.round(quell.schedulePerSec),
        unit: "sleeping runs created/s",
      },
      {
        name: "redis_bullmq_delayed_add_per_sec",
        value: Math.round(bull.schedulePerSec),
        unit: "delayed jobs added/s",
      },
      {
        name: "redis_quell_cancel_per_sec",
        value: Math.round(quell.cancelPerSec),
        unit: "runs cancelled/s",
      },
      {
        name: "redis_bullmq_remove_per_sec",
        value: Math.round(bull.cancelPerSec),
        unit: "jobs removed/s",
      },
      {
        name: "redis_quell_one_step_per_sec",
        value: Math.round(quell.oneStepPerSec),
        unit: "one-step runs completed/s",
      },
      {
        name: "redis_bullmq_noop_per_sec",
        value: Math.round(bull.oneStepPerSec),
        unit: "no-op jobs completed/s",
      },
      {
        name: "redis_bullmq_bytes_per_delayed_job",
        value: Math.round(bull.bytesPerSleeping),
        unit: "bytes (MEMORY USAGE)",
      },
    ];
  } finally {
    await admin.quit();
    await server.stop();
  }
};
