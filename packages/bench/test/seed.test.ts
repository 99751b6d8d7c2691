import type { Run } from "@quell/core";
import { memoryStore } from "@quell/memory";
import { describe, expect, it } from "vitest";
import { created, ORDER_CANCELLED, sleeper } from "../src/fixtures";
import { startEngine } from "../src/harness/engine";
import { createSeeder } from "../src/seed";

/** A run with its generated ids replaced, so two runs made at different moments compare. */
const shape = (run: Run) => ({
  ...run,
  id: "run",
  triggerEventId: "trigger",
  createdSeq: 0,
  event: { ...run.event, id: "trigger" },
  events: run.events.map((e) => ({ ...e, id: "trigger" })),
});

describe("seeding", () => {
  it("writes the run and listener the engine writes for the same trigger", async () => {
    const { engine, store: engineStore } = await startEngine([sleeper]);
    const { ids } = await engine.send(created(7));
    await engine.idle();
    const [viaEngine] = await engineStore.runsForEvent(ids[0] ?? "");
    await engine.stop();

    const store = memoryStore();
    const seeded = await createSeeder(store, sleeper)(7);
    const viaSeed = await store.getRun(seeded.runId);

    expect(viaEngine?.state).toBe("sleeping");
    expect(viaSeed && shape(viaSeed)).toEqual(viaEngine && shape(viaEngine));
    const keyFor = () => '"order-7"';
    const [engineListener] = await engineStore.findListeners(ORDER_CANCELLED, keyFor);
    const [seedListener] = await store.findListeners(ORDER_CANCELLED, keyFor);
    expect(seedListener).toEqual({
      ...engineListener,
      id: `${seeded.runId}:cancel:0`,
      runId: seeded.runId,
      afterSeq: seedListener?.afterSeq,
    });
  });

  it("lets a later cancel event find and cancel a seeded run through the engine", async () => {
    const { engine, store } = await startEngine([sleeper]);
    const seeded = await createSeeder(store, sleeper)(3);
    await engine.send({ name: ORDER_CANCELLED, data: { orderId: "order-3" } });
    expect((await engine.getRun(seeded.runId))?.status).toBe("Cancelled");
    await engine.stop();
  });
});
