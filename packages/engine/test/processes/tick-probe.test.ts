import { Quell, type Store } from "@quell/core";
import { memoryStore } from "@quell/memory";
import { describe, expect, it } from "vitest";
import { createEngine, virtualClock } from "../../src/index";
import { stallingStore } from "../support/stalling-store";

// A tick probes first (pending events and the next due time, with the boundary) and passes
// only through the phases that have something to do (`tick-pass.ts`). What each kind of tick
// asks the store, and that the work still gets done.

const T0 = Date.UTC(2024, 0, 1);
const quiet = { debug() {}, info() {}, warn() {}, error: console.error };

/** A memory store (or `inner`) that records the name of every call made to it. */
const recordingStore = (inner: Store = memoryStore()) => {
  const calls: string[] = [];
  const store = new Proxy(inner, {
    get(target, property) {
      const value: unknown = Reflect.get(target, property);
      if (typeof value !== "function") return value;
      return (...args: unknown[]): unknown => {
        calls.push(String(property));
        return value.apply(target, args);
      };
    },
  }) as Store;
  return {
    store,
    take: () => new Set(calls.splice(0)),
    count: (name: string) => calls.filter((call) => call === name).length,
  };
};

const quell = new Quell({ id: "probe" });
const napper = quell.createFunction(
  { id: "nap", cancelOn: [{ event: "probe/cancel", match: "data.id" }] },
  { event: "probe/nap" },
  async ({ step }) => {
    await step.sleep("nap", "1h");
    return step.run("after", () => "woke");
  },
);

/** An engine polling every second on a recording store (over `inner`, a fresh one by default). */
const setup = async (inner?: Store) => {
  const { store, take, count } = recordingStore(inner);
  const clock = virtualClock(T0);
  const engine = createEngine({
    functions: [napper],
    store,
    clock,
    logger: quiet,
    pollMs: 1_000,
    retention: false,
  });
  await engine.start();
  return { store, take, count, clock, engine };
};

/** One round trip: the boundary (paused functions, bulk cancellations, apps) and the probe. */
const BOUNDARY_AND_PROBE = [
  "pausedFunctions",
  "listBulkCancellations",
  "listApps",
  "pendingEvents",
  "nextDueAt",
];

describe("a tick that probes", () => {
  it("asks only for the boundary and the probe when there is nothing to do", async () => {
    const { take, clock, engine } = await setup();
    await engine.send({ name: "probe/nap", data: { id: "a" } });
    await engine.idle();
    take();
    await clock.advance("1s"); // the poll
    await engine.idle();
    expect(take()).toEqual(new Set(BOUNDARY_AND_PROBE));
    await engine.stop();
  });

  it("processes an event without looking at timers or leases when nothing is due", async () => {
    const { take, engine } = await setup();
    const { ids } = await engine.send({ name: "probe/nap", data: { id: "a" } });
    await engine.idle();
    take();
    await engine.send({ name: "probe/cancel", data: { id: "a" } });
    await engine.idle();
    const calls = take();
    expect(calls).toContain("findListeners");
    expect(calls).toContain("markProcessed");
    expect(calls).not.toContain("dueTimers");
    expect(calls).not.toContain("claimExpiredLeases");
    const [run] = await engine.runsForEvent(ids[0] ?? "");
    expect(run?.status).toBe("Cancelled");
    await engine.stop();
  });

  it("fires a timer and runs what follows once the probe finds it due", async () => {
    const { take, clock, engine } = await setup();
    const { ids } = await engine.send({ name: "probe/nap", data: { id: "a" } });
    await engine.idle();
    take();
    await clock.advance("1h");
    await engine.idle();
    expect(take()).toContain("dueTimers");
    const [run] = await engine.runsForEvent(ids[0] ?? "");
    expect(run?.status).toBe("Completed");
    expect(run?.output).toBe("woke");
    await engine.stop();
  });

  it("looks again soon after finding the events lock taken only while events are pending", async () => {
    const shared = memoryStore();
    const slow = stallingStore(shared, "markProcessed");
    const holder = createEngine({
      functions: [napper],
      store: slow.store,
      clock: virtualClock(T0),
      logger: quiet,
      retention: false,
    });
    await holder.start();
    const { count, clock, engine: other } = await setup(shared);
    slow.arm();
    const holding = holder.send({ name: "probe/nap", data: { id: "a" } });
    await slow.entered; // the holder processed its event and holds the events lock
    await other.send({ name: "probe/nap", data: { id: "b" } }); // finds the lock taken
    slow.open();
    await holding;
    await holder.idle(); // the holder went on to the other's event too: nothing is pending
    await clock.advance("10s");
    await other.idle();
    // One look soon after (which finds nothing pending), then one per poll: not one every 50 ms.
    expect(count("pendingEvents")).toBeLessThanOrEqual(12);
    expect(await shared.pendingEvents(10)).toEqual([]);
    await holder.stop();
    await other.stop();
  });
});
