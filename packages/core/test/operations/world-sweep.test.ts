import { describe, expect, it } from "vitest";
import { deterministicIds } from "../../src/events/ids";
import { reminderCreated, remindersApp } from "../../src/examples/index";
import { createSimulation } from "../../src/simulation/simulation";
import { createBulkInWorld, sweepBatch } from "../../src/world/world-operations";

describe("the world's sweep", () => {
  it("reads the page a store gives the engine: runs that ended take no place in a batch", async () => {
    const { scheduleReminder } = remindersApp({ appId: "acme-app" });
    const sim = createSimulation({ functions: [scheduleReminder], bulkBatchSize: 1 });
    const remindAt = "2024-02-01T00:00:00.000Z";
    await sim.send(reminderCreated({ reminderId: "a", userId: "u", remindAt, reminderBody: "a" }));
    await sim.advance("1m");
    await sim.send(reminderCreated({ reminderId: "b", userId: "u", remindAt, reminderBody: "b" }));
    // The newest run ends: the first page of the function's runs, newest first, would be it.
    const newest = sim.runs().find((run) => run.event.data.reminderId === "b");
    await sim.cancelRun(newest?.id ?? "");
    const ids = deterministicIds();
    const newId = () => ids(sim.now());
    const created = createBulkInWorld(
      sim.world,
      { appId: "acme-app", functionId: "schedule-reminder", startedBefore: sim.now() },
      newId,
    );
    if (created._tag === "Left") throw new Error(created.left.message);
    sweepBatch(sim.world, created.right.id, 1, newId);
    expect(sim.world.bulk.get(created.right.id)).toMatchObject({
      matched: 1,
      cancelled: 1,
      status: "completed",
    });
    const oldest = sim.runs().find((run) => run.event.data.reminderId === "a");
    expect(oldest?.cancellation?.source).toBe("bulk");
  });
});
