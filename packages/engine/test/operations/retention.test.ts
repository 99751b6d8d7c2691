import {
  type Logger,
  type PruneResult,
  Quell,
  type QuellFunction,
  QuellValidationError,
  type Store,
} from "@quell/core";
import { memoryStore } from "@quell/memory";
import { afterEach, describe, expect, it } from "vitest";
import { createEngine, type Engine, type RetentionOptions, virtualClock } from "../../src/index";

const HOUR = 3_600_000;

const app = () => {
  const quell = new Quell({ id: "ret" });
  return [
    quell.createFunction({ id: "one" }, { event: "t/one" }, async ({ step }) => {
      await step.run("only", () => 1);
    }),
    quell.createFunction(
      { id: "sleeper", cancelOn: [{ event: "t/stop", match: "data.k" }] },
      { event: "t/sleep" },
      async ({ step }) => {
        await step.sleep("nap", "30d");
        await step.run("after", () => 2);
      },
    ),
    quell.createFunction({ id: "waiter" }, { event: "t/wait" }, async ({ step }) => {
      await step.waitForEvent("go", { event: "t/go", timeout: "20d" });
    }),
  ];
};

interface Setup {
  readonly engine: Engine;
  readonly store: Store;
  readonly clock: ReturnType<typeof virtualClock>;
  readonly logs: string[];
  readonly batches: (PruneResult & { readonly limit: number })[];
  /** Sweeps that should fail, counted down by each call to `prune`. */
  failures: number;
  /** Send, then wait until everything due has settled. */
  send(events: Parameters<Engine["send"]>[0]): Promise<string[]>;
  advance(duration: string): Promise<void>;
}

let engine: Engine | undefined;
afterEach(async () => {
  await engine?.stop();
  engine = undefined;
});

/** An engine on a memory store and a virtual clock; every `prune` call is recorded. */
const setup = async (
  retention: RetentionOptions,
  functions: readonly QuellFunction[] = app(),
): Promise<Setup> => {
  const inner = memoryStore();
  const clock = virtualClock();
  const logs: string[] = [];
  const line =
    (level: string) =>
    (...args: unknown[]) =>
      logs.push(`${level} ${args.map(String).join(" ")}`);
  const logger: Logger = {
    info: line("info"),
    warn: line("warn"),
    error: line("error"),
    debug: () => {},
  };
  const s: Setup = {
    engine: undefined as unknown as Engine,
    store: {
      ...inner,
      prune: async (request) => {
        if (s.failures > 0) {
          s.failures -= 1;
          throw new Error("store unreachable");
        }
        const result = await inner.prune(request);
        s.batches.push({ ...result, limit: request.limit });
        return result;
      },
    },
    clock,
    logs,
    batches: [],
    failures: 0,
    send: async (events) => {
      const { ids } = await s.engine.send(events);
      await s.engine.idle();
      return ids;
    },
    advance: async (duration) => {
      await clock.advance(duration);
      await s.engine.idle();
    },
  };
  engine = createEngine({ functions, store: s.store, clock, logger, retention });
  Object.assign(s, { engine });
  await engine.start();
  return s;
};

const runOf = async (s: Setup, eventId: string) => (await s.engine.runsForEvent(eventId))[0];
const listed = async (s: Setup) =>
  (await s.engine.listRuns({ limit: 100 })).runs.map((r) => r.function_id).sort();

describe("retention on the engine's clock", () => {
  it("deletes runs ended longer ago than the retention, keeps every run still going", async () => {
    const s = await setup({ runsMs: HOUR, eventsMs: HOUR });
    const ones = await s.send([{ name: "t/one" }, { name: "t/one" }, { name: "t/one" }]);
    const [sleep] = await s.send({ name: "t/sleep", data: { k: "a" } });
    const [wait] = await s.send({ name: "t/wait" });
    const oneRuns = await Promise.all(ones.map((id) => runOf(s, id)));
    expect(oneRuns.map((r) => r?.status)).toEqual(["Completed", "Completed", "Completed"]);

    await s.advance("59m");
    expect(await listed(s)).toHaveLength(5); // ended 59 minutes ago: kept
    await s.advance("2m");
    for (const run of oneRuns) expect(await s.engine.getRun(run?.id ?? "")).toBeNull();
    for (const id of ones) {
      expect(await s.engine.runsForEvent(id)).toEqual([]);
      expect(await s.store.getEvent(id)).toBeNull();
    }
    expect(await listed(s)).toEqual(["ret-sleeper", "ret-waiter"]);
    // A sleeping run's trigger event stays, and so does everything that can still cancel it.
    expect(await s.store.getEvent(sleep ?? "")).not.toBeNull();
    await s.advance("10d");
    expect((await runOf(s, sleep ?? ""))?.status).toBe("Sleeping");
    expect((await runOf(s, wait ?? ""))?.status).toBe("Waiting");
    await s.send({ name: "t/stop", data: { k: "a" } });
    const cancelled = await runOf(s, sleep ?? "");
    expect(cancelled?.status).toBe("Cancelled");

    await s.advance("61m");
    expect(await s.engine.getRun(cancelled?.id ?? "")).toBeNull();
    expect(await s.store.getEvent(sleep ?? "")).toBeNull();
    expect(await listed(s)).toEqual(["ret-waiter"]);
    expect(await s.store.getEvent(wait ?? "")).not.toBeNull();
  });

  it("still deduplicates an event id within 24 h after its run and event were deleted", async () => {
    const s = await setup({ runsMs: HOUR, eventsMs: HOUR });
    const [first] = await s.send({ name: "t/one", id: "order-1" });
    await s.advance("2h");
    expect(await s.store.getEvent(first ?? "")).toBeNull();
    expect(await listed(s)).toEqual([]);

    expect(await s.send({ name: "t/one", id: "order-1" })).toEqual([first]);
    expect(await listed(s)).toEqual([]); // started nothing
    await s.advance("21h59m");
    expect(await s.send({ name: "t/one", id: "order-1" })).toEqual([first]); // 23:59 after it
    await s.advance("1m");
    const [again] = await s.send({ name: "t/one", id: "order-1" });
    expect(again).not.toBe(first);
    expect(await listed(s)).toEqual(["ret-one"]);
  });

  it("deletes in bounded batches, and a failed sweep is logged once and retried", async () => {
    const s = await setup({ runsMs: HOUR, eventsMs: HOUR, batchSize: 2 });
    s.failures = 3;
    await s.send(Array.from({ length: 5 }, () => ({ name: "t/one" })));
    await s.advance("2h");
    // Five runs and ten events (each run's trigger and its function.finished), two per batch.
    expect(s.batches.every((b) => b.limit === 2 && b.runs <= 2 && b.events <= 2)).toBe(true);
    const total = (kind: "runs" | "events") => s.batches.reduce((sum, b) => sum + b[kind], 0);
    expect([total("runs"), total("events")]).toEqual([5, 10]);
    expect(s.batches.filter((b) => b.runs + b.events > 0).length).toBeGreaterThanOrEqual(5);
    expect(await listed(s)).toEqual([]);
    expect(s.logs.filter((l) => l.includes("retention"))).toEqual([
      "error quell: retention sweep failed; retrying every 60000 ms Error: store unreachable",
      "info quell: retention sweep recovered",
    ]);
  });

  it("leaves the sweep to the process holding the lock", async () => {
    const s = await setup({ runsMs: HOUR, eventsMs: HOUR });
    const now = s.clock.now();
    expect(await s.store.acquireLock("retention", "other-process", now, now + 10 * HOUR)).toBe(
      true,
    );
    await s.send({ name: "t/one" });
    await s.advance("2h");
    expect(s.batches).toEqual([]);
    expect(await listed(s)).toEqual(["ret-one"]);
    await s.store.releaseLock("retention", "other-process");
    await s.advance("1m");
    expect(await listed(s)).toEqual([]);
  });

  it("rejects a retention shorter than a minute, naming the option", () => {
    const make = (retention: RetentionOptions) => () =>
      createEngine({ functions: [], store: memoryStore(), retention });
    expect(make({ runsMs: 10 })).toThrow(QuellValidationError);
    expect(make({ runsMs: 10 })).toThrow(/retention\.runsMs: must be at least 60000 ms/);
    expect(make({ eventsMs: Number.NaN })).toThrow(/retention\.eventsMs/);
    expect(make({ batchSize: 0 })).toThrow(/retention\.batchSize/);
  });
});
