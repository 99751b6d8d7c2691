// Function timeouts and rescheduleRun on the engine with the Redis store (the simulation and
// the memory store: packages/engine/test/rules/timeouts.test.ts, reschedule.test.ts,
// timeouts-queued.test.ts). The run's one timer, min(wake-up, deadline), is written by the
// Lua scripts with the run (createRun-13, commitRun-12).
import {
  isQuellError,
  Quell,
  type QuellFunction,
  type RunConflictError,
  type RunView,
} from "@quell/core";
import { createEngine, type Engine, type VirtualClock, virtualClock } from "@quell/engine";
import { Redis } from "ioredis";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { hashTag, redisStore } from "../src/index";
import { dropNamespace, type RedisServer, startRedisServer, uniquePrefix } from "../src/testing";

const T0 = Date.UTC(2024, 0, 1);
const iso = (offsetMs: number): string => new Date(T0 + offsetMs).toISOString();
const MIN = 60_000;
const HOUR = 60 * MIN;
const quiet = { debug() {}, info() {}, warn() {}, error: console.error };

let server: RedisServer;
let client: Redis;
const prefixes: string[] = [];
const engines: Engine[] = [];

beforeAll(async () => {
  server = await startRedisServer();
  client = new Redis(server.url);
});

afterEach(async () => {
  for (const engine of engines.splice(0)) await engine.stop();
});

afterAll(async () => {
  for (const prefix of prefixes) await dropNamespace(client, prefix);
  await client?.quit();
  await server?.stop();
});

const setup = async (
  functions: readonly QuellFunction[],
  concurrency = 100,
): Promise<{ engine: Engine; clock: VirtualClock; timerOf: (id: string) => Promise<number> }> => {
  const prefix = uniquePrefix("timeouts");
  prefixes.push(prefix);
  const clock = virtualClock(T0);
  const engine = createEngine({
    functions,
    store: redisStore({ client, prefix }),
    clock,
    logger: quiet,
    concurrency,
    retention: false,
  });
  engines.push(engine);
  await engine.start();
  const timerOf = async (id: string) => Number(await client.zscore(`${hashTag(prefix)}timers`, id));
  return { engine, clock, timerOf };
};

const runOf = async (engine: Engine, eventId: string | undefined): Promise<RunView> => {
  const [run] = await engine.runsForEvent(eventId ?? "");
  if (run === undefined) throw new Error(`no run for ${eventId}`);
  return run;
};

/** A step held open until `open()`; `entered` resolves when it starts. */
const gate = () => {
  let enter = () => {};
  let open = () => {};
  const entered = new Promise<void>((resolve) => {
    enter = resolve;
  });
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return {
    entered,
    open: () => open(),
    pass: async () => {
      enter();
      await opened;
      return "held";
    },
  };
};

/** Polls until the run is in `state` while the virtual clock is held by an execution. */
const reaches = async (engine: Engine, id: string, state: RunView["state"]): Promise<RunView> => {
  for (let i = 0; i < 400; i++) {
    const run = await engine.getRun(id);
    if (run?.state === state) return run;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error(`run ${id} never reached ${state}`);
};

describe("function timeouts on Redis", () => {
  it("timeouts.finish cancels a sleeping run at its deadline; the stored timer is the earlier of both", async () => {
    const fn = new Quell({ id: "app" }).createFunction(
      { id: "job", timeouts: { finish: "1h" } },
      { event: "job/started" },
      async ({ step }) => {
        await step.sleep("nap", "2h");
      },
    );
    const { engine, clock, timerOf } = await setup([fn]);
    const { ids } = await engine.send({ name: "job/started" });
    await engine.idle();
    const sleeping = await runOf(engine, ids[0]);
    expect(sleeping.status).toBe("Sleeping");
    expect(await timerOf(sleeping.id)).toBe(T0 + HOUR);
    await clock.advance("1h");
    await engine.idle();
    const run = await runOf(engine, ids[0]);
    expect(run.status).toBe("Cancelled");
    expect(run.cancellation).toEqual({
      source: "timeout",
      at: iso(HOUR),
      reason: "finish timeout 1h elapsed",
    });
    expect(await client.zscore(`${hashTag(prefixes.at(-1) ?? "")}timers`, run.id)).toBeNull();
  });

  it("timeouts.finish vs a step in flight: cancelling, the step settles after cancel, nothing after it", async () => {
    const g = gate();
    const later: string[] = [];
    const fn = new Quell({ id: "app" }).createFunction(
      { id: "job", timeouts: { finish: "2s" } },
      { event: "job/started" },
      async ({ step }) => {
        await step.run("long", () => g.pass());
        await step.run("next", () => later.push("ran"));
      },
    );
    const { engine, clock } = await setup([fn]);
    const { ids } = await engine.send({ name: "job/started" });
    await g.entered;
    const id = (await runOf(engine, ids[0])).id;
    const advancing = clock.advance("2s");
    const cancelling = await reaches(engine, id, "cancelling");
    expect(cancelling.ended_at).toBeNull();
    expect(cancelling.cancellation?.reason).toBe("finish timeout 2s elapsed");
    g.open();
    await advancing;
    await engine.idle();
    const ended = await engine.getRun(id);
    expect(ended?.state).toBe("cancelled");
    expect(ended?.steps.find((s) => s.id === "long")).toMatchObject({
      output: "held",
      settled_after_cancel: true,
    });
    expect(later).toEqual([]);
    const cancelled = await client.hvals(`${hashTag(prefixes.at(-1) ?? "")}ev`);
    expect(cancelled.filter((json) => json.includes('"inngest/function.cancelled"'))).toHaveLength(
      1,
    );
  });

  it("timeouts.start cancels a run that waited on the queue past its limit", async () => {
    const g = gate();
    const fn = new Quell({ id: "app" }).createFunction(
      { id: "job", timeouts: { start: "2s" } },
      { event: "job/started" },
      async ({ step }) => {
        await step.run("hold", () => g.pass());
      },
    );
    const { engine, clock } = await setup([fn], 1);
    await engine.send({ name: "job/started", data: { n: 1 } });
    await g.entered;
    const second = await engine.send({ name: "job/started", data: { n: 2 } });
    const queued = await runOf(engine, second.ids[0]);
    expect(queued.state).toBe("queued");
    const advancing = clock.advance("5s");
    const run = await reaches(engine, queued.id, "cancelled");
    expect(run.started_at).toBeNull();
    expect(run.cancellation?.reason).toBe("start timeout 2s elapsed");
    g.open();
    await advancing;
    await engine.idle();
  });
});

describe("rescheduleRun on Redis", () => {
  const napper = new Quell({ id: "app" }).createFunction(
    { id: "nap" },
    { event: "nap/start" },
    async ({ step }) => {
      await step.sleep("nap", "1h");
      return "awake";
    },
  );

  it("moves the timer with the wake-up: never woken at the old time; a past time wakes at once", async () => {
    const { engine, clock, timerOf } = await setup([napper]);
    const first = await engine.send({ name: "nap/start", data: { n: 1 } });
    const second = await engine.send({ name: "nap/start", data: { n: 2 } });
    await engine.idle();
    const later = await runOf(engine, first.ids[0]);
    const now = await runOf(engine, second.ids[0]);
    const moved = await engine.rescheduleRun(later.id, { until: iso(3 * HOUR) });
    expect(moved.timeline.at(-1)).toMatchObject({
      type: "rescheduled",
      detail: `from ${iso(HOUR)} to ${iso(3 * HOUR)}`,
    });
    expect(await timerOf(later.id)).toBe(T0 + 3 * HOUR);
    await clock.advance("10m");
    await engine.rescheduleRun(now.id, { until: iso(0) });
    await engine.idle();
    const woken = await engine.getRun(now.id);
    expect(woken?.status).toBe("Completed");
    expect(woken?.timeline.find((e) => e.type === "woke")?.at).toBe(iso(10 * MIN));
    await clock.advance("2h");
    await engine.idle();
    expect((await engine.getRun(later.id))?.status).toBe("Sleeping");
    await clock.advance("1h");
    await engine.idle();
    const done = await engine.getRun(later.id);
    expect(done?.status).toBe("Completed");
    expect(done?.timeline.filter((e) => e.type === "woke").map((e) => e.at)).toEqual([
      iso(3 * HOUR),
    ]);
  });

  it("refuses a run that does not sleep (409) and an unknown run (404)", async () => {
    const { engine } = await setup([napper]);
    const { ids } = await engine.send({ name: "nap/start" });
    await engine.idle();
    const run = await runOf(engine, ids[0]);
    await engine.cancelRun(run.id);
    const conflict = await engine.rescheduleRun(run.id, { until: iso(HOUR) }).catch((e) => e);
    expect(isQuellError(conflict, "RunConflictError")).toBe(true);
    expect((conflict as RunConflictError).reason).toBe("run is cancelled, not sleeping");
    const missing = await engine.rescheduleRun("nope", { until: iso(HOUR) }).catch((e) => e);
    expect(isQuellError(missing, "RunNotFoundError")).toBe(true);
  });
});
