import { Quell } from "@quell/core";
import { memoryStore } from "@quell/memory";
import { describe, expect, it } from "vitest";
import { createEngine, virtualClock } from "../../src/index";
import { createLeaseKeeper } from "../../src/lease-keeper";

// An engine stopped and started again (a server that restarts its workers, a benchmark that
// starts over) works as a new one would: it takes the events lock again, so events are
// processed, and it renews the leases of the runs it executes, so nobody takes them over.

const LEASE_MS = 3_000;
const T0 = Date.UTC(2024, 0, 1);
const quiet = { debug() {}, info() {}, warn() {}, error: console.error };

describe("an engine started again after stop", () => {
  it("takes the events lock again: processes events and wakes sleeps", async () => {
    const store = memoryStore();
    const clock = virtualClock(T0);
    const quell = new Quell({ id: "restart" });
    const napper = quell.createFunction({ id: "nap" }, { event: "restart/nap" }, async ({ step }) =>
      step.sleep("nap", "1h"),
    );
    const engine = createEngine({
      functions: [napper],
      store,
      clock,
      logger: quiet,
      leaseMs: LEASE_MS,
    });
    await engine.start();
    await engine.send({ name: "restart/nap" });
    await engine.idle();
    await engine.stop();

    await engine.start();
    await engine.send({ name: "restart/nap" });
    await engine.idle();
    expect((await store.listRuns({})).runs.map((r) => r.state)).toEqual(["sleeping", "sleeping"]);

    await clock.advance("1h");
    await engine.idle();
    const states = (await store.listRuns({})).runs.map((r) => r.state);
    expect(states).toEqual(["completed", "completed"]);
    await engine.stop();
  });
});

describe("a lease keeper started again after stop", () => {
  it("renews the leases it holds, as before the stop", async () => {
    const store = memoryStore();
    const clock = virtualClock(T0);
    const renewed: string[][] = [];
    const keeper = createLeaseKeeper({
      store: {
        ...store,
        renewLeases: async (ids, until) => {
          renewed.push([...ids]);
          return store.renewLeases(ids, until);
        },
      },
      clock,
      logger: quiet,
      leaseMs: LEASE_MS,
      abort: () => {},
    });
    keeper.stop();
    keeper.start();
    const release = keeper.hold("run-1", 0);
    await clock.advance(LEASE_MS);
    expect(renewed).toEqual([["run-1"], ["run-1"]]);
    release();
  });
});
