import { Quell, type RunView } from "@quell/core";
import { createEngine, type Engine, type VirtualClock, virtualClock } from "@quell/engine";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { redisStore } from "../src/index";
import { dropNamespace, type RedisServer, startRedisServer, uniquePrefix } from "../src/testing";

// Two engines on one Redis namespace, each with its own connection and its own virtual clock
// (the second 1.5 s ahead, as two machines' clocks may be): every cron tick is fired by both
// and starts one run (docs/triggers.md, "Several processes").

const T0 = Date.UTC(2024, 0, 1);
const quiet = { debug() {}, info() {}, warn() {}, error: console.error };

let server: RedisServer;
let admin: Redis;
const clients: Redis[] = [];
const prefix = uniquePrefix("cron");

beforeAll(async () => {
  server = await startRedisServer();
  admin = new Redis(server.url);
});

afterAll(async () => {
  await dropNamespace(admin, prefix);
  for (const client of clients) await client.quit();
  await admin?.quit();
  await server?.stop();
});

interface Process {
  readonly engine: Engine;
  readonly clock: VirtualClock;
  readonly ticks: string[];
}

const start = async (skewMs: number): Promise<Process> => {
  const client = new Redis(server.url);
  clients.push(client);
  const ticks: string[] = [];
  const fn = new Quell({ id: "app" }).createFunction(
    { id: "every-5" },
    { cron: "*/5 * * * *" },
    ({ event }) => {
      ticks.push(event.id);
    },
  );
  const clock = virtualClock(T0 + skewMs);
  const engine = createEngine({
    functions: [fn],
    store: redisStore({ client, prefix }),
    clock,
    logger: quiet,
    retention: false,
  });
  await engine.start();
  return { engine, clock, ticks };
};

const step = async (processes: readonly Process[], by: string): Promise<void> => {
  for (const p of processes) {
    await p.clock.advance(by);
    await p.engine.idle();
  }
};

const runTimes = async (engine: Engine): Promise<string[]> => {
  const { runs } = await engine.listRuns({ functionId: "app-every-5", limit: 500 });
  return runs.map((r: RunView) => new Date(r.event.ts).toISOString()).sort();
};

describe("cron with two engines on one Redis", () => {
  it("fires each tick once, and the survivor goes on when one stops", async () => {
    const a = await start(0);
    const b = await start(1_500);
    for (let i = 0; i < 6; i++) await step([a, b], "5m");
    const expected = [5, 10, 15, 20, 25, 30].map((m) => new Date(T0 + m * 60_000).toISOString());
    expect(await runTimes(a.engine)).toEqual(expected);
    // Each tick was executed once, by one of the two.
    expect([...a.ticks, ...b.ticks].sort()).toEqual(
      expected.map((iso) => `cron:app-every-5:${iso}`),
    );
    await a.engine.stop();
    await step([b], "10m");
    expect((await runTimes(b.engine)).slice(-2)).toEqual([
      "2024-01-01T00:35:00.000Z",
      "2024-01-01T00:40:00.000Z",
    ]);
    await b.engine.stop();
  });
});
