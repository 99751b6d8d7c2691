// Cron ticks across process restarts and several processes on one memory store (docs/triggers.md):
// a tick missed while no process ran is fired once, the latest only; a new function waits for
// its next tick; two processes fire each tick once.
import { Quell, type QuellFunction, type RunView, type Store } from "@quell/core";
import { memoryStore } from "@quell/memory";
import { describe, expect, it } from "vitest";
import { createEngine, type Engine, type VirtualClock, virtualClock } from "../../src/index";

const T0 = Date.UTC(2024, 0, 1);
const quiet = { debug() {}, info() {}, warn() {}, error: console.error };

const every5 = (): QuellFunction =>
  new Quell({ id: "app" }).createFunction({ id: "every-5" }, { cron: "*/5 * * * *" }, () => null);

const startEngine = async (store: Store, clock: VirtualClock): Promise<Engine> => {
  const engine = createEngine({
    functions: [every5()],
    store,
    clock,
    logger: quiet,
    retention: false,
  });
  await engine.start();
  return engine;
};

const tickTimes = async (engine: Engine): Promise<string[]> => {
  const { runs } = await engine.listRuns({ functionId: "app-every-5", limit: 500 });
  return runs.map((r: RunView) => new Date(r.event.ts).toISOString()).sort();
};

const advance = async (clock: VirtualClock, engines: readonly Engine[], by: string) => {
  await clock.advance(by);
  for (const engine of engines) await engine.idle();
};

describe("cron across restarts", () => {
  it("a process started after downtime fires the latest missed tick once, not the backlog", async () => {
    const store = memoryStore();
    const clock = virtualClock(T0);
    const first = await startEngine(store, clock);
    await advance(clock, [first], "6m");
    expect(await tickTimes(first)).toEqual(["2024-01-01T00:05:00.000Z"]);
    await first.stop();

    await clock.advance("1h"); // nobody runs: 00:10 … 01:05 are missed
    const second = await startEngine(store, clock);
    await second.idle();
    expect(await tickTimes(second)).toEqual([
      "2024-01-01T00:05:00.000Z",
      "2024-01-01T01:05:00.000Z",
    ]);
    await advance(clock, [second], "5m");
    expect((await tickTimes(second)).at(-1)).toBe("2024-01-01T01:10:00.000Z");
    await second.stop();
  });

  it("a restart right after a tick does not fire it again", async () => {
    const store = memoryStore();
    const clock = virtualClock(T0);
    const first = await startEngine(store, clock);
    await advance(clock, [first], "5m");
    await first.stop();
    const second = await startEngine(store, clock);
    await second.idle();
    expect(await tickTimes(second)).toEqual(["2024-01-01T00:05:00.000Z"]);
    await second.stop();
  });

  it("a function that never ran waits for its next tick", async () => {
    const store = memoryStore();
    const clock = virtualClock(T0 + 7 * 60_000);
    const engine = await startEngine(store, clock);
    await engine.idle();
    expect(await tickTimes(engine)).toEqual([]);
    await advance(clock, [engine], "3m");
    expect(await tickTimes(engine)).toEqual(["2024-01-01T00:10:00.000Z"]);
    await engine.stop();
  });
});

describe("cron with two processes on one store", () => {
  it("fires each tick once, and the survivor goes on when one stops", async () => {
    const store = memoryStore();
    const clock = virtualClock(T0);
    const a = await startEngine(store, clock);
    const b = await startEngine(store, clock);
    await advance(clock, [a, b], "30m");
    const expected = [5, 10, 15, 20, 25, 30].map((m) => new Date(T0 + m * 60_000).toISOString());
    expect(await tickTimes(a)).toEqual(expected);
    await a.stop();
    await advance(clock, [b], "10m");
    expect((await tickTimes(b)).slice(-2)).toEqual([
      "2024-01-01T00:35:00.000Z",
      "2024-01-01T00:40:00.000Z",
    ]);
    await b.stop();
  });
});
