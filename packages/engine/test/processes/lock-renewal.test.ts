import { makeBulkCancellation } from "@quell/conformance";
import { Quell, type Store } from "@quell/core";
import { memoryStore } from "@quell/memory";
import { describe, expect, it } from "vitest";
import { createEngine, virtualClock } from "../../src/index";
import { flush } from "../support/fixtures";
import { stallingStore } from "../support/stalling-store";

// An engine on a virtual clock whose store stalls in the middle of its work: while it lives, it
// keeps its locks however long that work takes (another process could not take them), and it
// lets go of them when the work is done.

const LEASE_MS = 3_000;
const T0 = Date.UTC(2024, 0, 1);
const quiet = { debug() {}, info() {}, warn() {}, error: console.error };

/** Whether another process could take the lock `name` at `now`. */
const free = async (store: Store, name: string, now: number): Promise<boolean> => {
  const taken = await store.acquireLock(name, "another-process", now, now + 1);
  if (taken) await store.releaseLock(name, "another-process");
  return taken;
};

const quell = new Quell({ id: "locks" });
const napper = quell.createFunction({ id: "nap" }, { event: "locks/nap" }, async ({ step }) =>
  step.sleep("nap", "1h"),
);

/** An engine whose store stalls at `method` once armed, and fails `acquireLock` on demand. */
const setup = async (method: "markProcessed" | "listRuns") => {
  const shared = memoryStore();
  const failing = { locks: 0 };
  const stalling = stallingStore(shared, method);
  const slow = {
    ...stalling,
    store: {
      ...stalling.store,
      acquireLock: async (...args: Parameters<Store["acquireLock"]>) => {
        if (failing.locks > 0) {
          failing.locks -= 1;
          throw new Error("the store did not answer");
        }
        return stalling.store.acquireLock(...args);
      },
    } satisfies Store,
    failNextLockCalls: (n: number) => {
      failing.locks = n;
    },
  };
  const clock = virtualClock(T0);
  const engine = createEngine({
    functions: [napper],
    store: slow.store,
    clock,
    logger: quiet,
    leaseMs: LEASE_MS,
  });
  await engine.start();
  return { shared, slow, clock, engine };
};

describe("locks are renewed while held", () => {
  it("keeps the events lock through a batch longer than a lease, and lets go after it", async () => {
    const { shared, slow, clock, engine } = await setup("markProcessed");
    slow.arm();
    const sending = engine.send({ name: "locks/nap" });
    await slow.entered; // the batch is processed, and stuck before it is marked done
    await clock.advance(LEASE_MS * 3);
    expect(await free(shared, "events", clock.now())).toBe(false);

    slow.open();
    await sending;
    await engine.idle();
    expect(await free(shared, "events", clock.now())).toBe(true);
    expect((await shared.listRuns({})).runs.map((r) => r.state)).toEqual(["sleeping"]);
    await engine.stop();
  });

  it("keeps a bulk sweep's lock through a batch longer than a lease", async () => {
    const { shared, slow, clock, engine } = await setup("listRuns");
    await engine.send([{ name: "locks/nap" }, { name: "locks/nap" }]);
    await clock.advance(1);
    slow.arm();
    const created = await engine.createCancellation({
      appId: "locks",
      functionId: "nap",
      startedBefore: clock.now(),
    });
    await slow.entered;
    await clock.advance(LEASE_MS * 3);
    expect(await free(shared, `bulk:${created.id}`, clock.now())).toBe(false);

    slow.open();
    await engine.idle();
    expect(await engine.getCancellation(created.id)).toMatchObject({
      status: "completed",
      cancelled: 2,
    });
    expect(await free(shared, `bulk:${created.id}`, clock.now())).toBe(true);
    await engine.stop();
  });

  it("keeps the events lock through failed renewals: a failed renewal is tried again soon", async () => {
    const { shared, slow, clock, engine } = await setup("markProcessed");
    slow.arm();
    const sending = engine.send({ name: "locks/nap" });
    await slow.entered;
    // Renewals come every half lease: the one at 1.5 s fails twice in a row; without a prompt
    // retry the next one would come at 3 s, when the lease is over.
    slow.failNextLockCalls(2);
    for (let t = 0; t < LEASE_MS * 3; t += 100) {
      await clock.advance(100);
      expect(await free(shared, "events", clock.now()), `at ${t + 100} ms`).toBe(false);
    }
    slow.open();
    await sending;
    await engine.idle();
    expect(await free(shared, "events", clock.now())).toBe(true);
    await engine.stop();
  });

  it("lets go of every lock on a clean stop", async () => {
    const { shared, slow, clock, engine } = await setup("listRuns");
    const record = makeBulkCancellation({
      id: "01HZZZZZZZZZZZZZZZZZZZZZZZ",
      app_id: "locks",
      function_id: "locks-nap",
      started_after: null,
      started_before: T0,
      if: null,
      created_at: T0,
      updated_at: T0,
    });
    await shared.putBulkCancellation(record, null);
    slow.arm();
    await clock.advance(1); // no poll: nudge a tick, which resumes the sweep
    void engine.send([]);
    await slow.entered;
    const stopping = engine.stop();
    await flush();
    slow.open();
    await stopping;
    expect(await free(shared, `bulk:${record.id}`, clock.now())).toBe(true);
    expect(await free(shared, "events", clock.now())).toBe(true);
  });
});
