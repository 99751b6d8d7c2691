import { Quell, type RunStatus } from "@quell/core";
import { afterEach, describe, expect, it } from "vitest";
import { createEngine, type Engine, virtualClock } from "../../src/index";
import { gate } from "../support/fixtures";
import { flakyStore } from "../support/flaky-store";

// The engine when its store fails for a while (Redis down, full, not answering), on the virtual
// clock: every loop must survive a failed tick and resume by itself once the store is back.

const quell = new Quell({ id: "outage" });

const sleeper = quell.createFunction(
  { id: "sleeper", cancelOn: [{ event: "outage/cancel", match: "data.id" }] },
  { event: "outage/sleep" },
  async ({ step }) => {
    await step.sleep("nap", "1m");
    return step.run("after", async () => "woke");
  },
);

const logs = () => {
  const lines: string[] = [];
  const line = (...args: unknown[]) => lines.push(args.map(String).join(" "));
  return { lines, logger: { debug() {}, info() {}, warn: line, error: line } };
};

let engines: Engine[] = [];
afterEach(async () => {
  for (const engine of engines) await engine.stop();
  engines = [];
});

const setup = async (functions = [sleeper], leaseMs?: number) => {
  const flaky = flakyStore();
  const clock = virtualClock();
  const log = logs();
  const engine = createEngine({
    functions,
    store: flaky.store,
    clock,
    logger: log.logger,
    ...(leaseMs === undefined ? {} : { leaseMs }),
  });
  engines.push(engine);
  await engine.start();
  const statuses = async (): Promise<RunStatus[]> =>
    (await engine.listRuns({ limit: 1_000 })).runs.map((r) => r.status);
  return { flaky, clock, engine, log, statuses };
};

describe("a store that fails for a while", () => {
  it("wakes sleeping runs once it is back: a failed tick is tried again", async () => {
    const { flaky, clock, engine, log, statuses } = await setup();
    await engine.send(
      Array.from({ length: 20 }, (_, i) => ({ name: "outage/sleep", data: { i } })),
    );
    await engine.idle();
    expect(new Set(await statuses())).toEqual(new Set(["Sleeping"]));

    flaky.down();
    await clock.advance("2m"); // the timers come due while every call fails
    expect(flaky.refused).toBeGreaterThan(20); // it kept trying, backing off
    flaky.up();
    await clock.advance("1s"); // at most one backoff step (1 s) later
    await engine.idle();
    expect(await statuses()).toEqual(Array(20).fill("Completed"));
    // The store reports an outage; the engine does not log each failed tick.
    expect(log.lines).toEqual([]);
  });

  it("commits a step's result reported during the outage, without running the step again", async () => {
    const held = gate();
    let executions = 0;
    const stepper = quell.createFunction(
      { id: "stepper" },
      { event: "outage/step" },
      async ({ step }) =>
        step.run("work", async () => {
          executions += 1;
          await held.pass();
          return "result";
        }),
    );
    const { flaky, clock, engine, log } = await setup([stepper]);
    const { ids } = await engine.send({ name: "outage/step" });
    await held.entered;
    flaky.down();
    held.open();
    await engine.idle(); // the report's commit failed: it waits for the store
    flaky.up();
    const [running] = await engine.runsForEvent(ids[0] ?? "");
    expect(running?.status).toBe("Running");
    await clock.advance("1s");
    await engine.idle();
    const [run] = await engine.runsForEvent(ids[0] ?? "");
    expect(run).toMatchObject({ status: "Completed", output: "result" });
    expect(executions).toBe(1);
    expect(log.lines).toEqual([]);
  });

  it("carries on a run whose commit landed although its answer was lost", async () => {
    const { flaky, clock, engine, statuses } = await setup();
    await engine.send({ name: "outage/sleep" });
    await engine.idle();
    flaky.loseAnswers(["commitRun"]); // the wake-up commit lands, its answer does not
    await clock.advance("61s");
    flaky.up();
    await clock.advance("1s"); // well within the 30 s lease: no lease expiry involved
    await engine.idle();
    expect(await statuses()).toEqual(["Completed"]);
    const [run] = (await engine.listRuns()).runs;
    expect(run?.timeline.map((e) => e.type)).not.toContain("lease.expired");
  });

  it("leaves a landed commit's work to the takeover once its lease lapsed in the outage", async () => {
    const held = gate();
    const executions = { a: 0, b: 0 };
    const twoSteps = quell.createFunction(
      { id: "two-steps" },
      { event: "outage/two" },
      async ({ step }) => {
        await step.run("a", async () => {
          executions.a += 1;
          await held.pass();
        });
        return step.run("b", async () => {
          executions.b += 1;
          return "done";
        });
      },
    );
    const { flaky, clock, engine } = await setup([twoSteps], 2_000);
    const { ids } = await engine.send({ name: "outage/two" });
    await held.entered;
    flaky.loseAnswers(["commitRun"]); // step a's result lands; its answer is lost
    held.open();
    await engine.idle();
    flaky.down(); // and the store stays away for longer than the 2 s lease
    await clock.advance("5s");
    flaky.up();
    await clock.advance("3s");
    await engine.idle();
    const [run] = await engine.runsForEvent(ids[0] ?? "");
    expect(run).toMatchObject({ status: "Completed", output: "done" });
    expect(executions).toEqual({ a: 1, b: 1 });
    // Not performed late by the process that lost the answer: taken over under a new epoch.
    expect(run?.timeline.map((e) => e.type)).toContain("lease.expired");
  });

  it("processes an event whose processing failed, once the store is back", async () => {
    const { flaky, clock, engine, statuses } = await setup();
    await engine.send({ name: "outage/sleep", data: { id: "a" } });
    await engine.idle();
    flaky.down(["findListeners"]); // ingestion works, event processing fails half-way
    await engine.send({ name: "outage/cancel", data: { id: "a" } });
    await clock.advance("10s");
    expect(await statuses()).toEqual(["Sleeping"]);
    flaky.up();
    await clock.advance("1s");
    await engine.idle();
    const [run] = (await engine.listRuns({ functionId: sleeper.slug })).runs;
    expect(run?.cancellation?.source).toBe("event");
  });

  it("finishes a bulk sweep that failed half-way", async () => {
    const { flaky, clock, engine, statuses } = await setup();
    await engine.send(Array.from({ length: 5 }, (_, i) => ({ name: "outage/sleep", data: { i } })));
    await engine.idle();
    await clock.advance("1s");
    flaky.down(["listRuns"]);
    const bulk = await engine.createCancellation({
      appId: "outage",
      functionId: "sleeper",
      startedBefore: new Date(clock.now()).toISOString(),
    });
    await engine.idle();
    expect((await engine.getCancellation(bulk.id))?.status).toBe("running");
    flaky.up();
    await clock.advance("1s");
    await engine.idle();
    expect(await engine.getCancellation(bulk.id)).toMatchObject({
      status: "completed",
      cancelled: 5,
    });
    expect(await statuses()).toEqual(Array(5).fill("Cancelled"));
  });

  it("renews leases again after failed renewals, quietly", async () => {
    const held = gate();
    const slow = quell.createFunction({ id: "slow" }, { event: "outage/slow" }, async ({ step }) =>
      step.run("hold", () => held.pass()),
    );
    const { flaky, clock, engine, log } = await setup([slow], 3_000);
    await engine.send({ name: "outage/slow" });
    await held.entered;
    const before = await flaky.store.nextDueAt(); // the lease's expiry, 3 s from now
    flaky.down(["renewLeases"]);
    await clock.advance("1500ms"); // the heartbeat at 1 s fails
    flaky.up();
    await clock.advance("1s"); // the one at 2 s renews, before the lease expires
    expect(await flaky.store.nextDueAt()).toBeGreaterThan(before ?? Number.POSITIVE_INFINITY);
    expect(log.lines).toEqual([]);
    held.open();
    await engine.idle();
  });

  it("logs another kind of failure once per streak, and recovers from it too", async () => {
    const { flaky, clock, engine, log, statuses } = await setup();
    await engine.send({ name: "outage/sleep" });
    await engine.idle();
    flaky.down(["dueTimers"], () => new Error("disk on fire"));
    await clock.advance("2m");
    expect(log.lines).toHaveLength(1);
    expect(log.lines[0]).toMatch(/^quell: tick failed; retrying in \d+ ms .*disk on fire/);
    flaky.up();
    await clock.advance("1s");
    await engine.idle();
    expect(await statuses()).toEqual(["Completed"]);
  });
});
