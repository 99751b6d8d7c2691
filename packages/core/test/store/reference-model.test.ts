import { describe, expect, it } from "vitest";
import type { Run } from "../../src/codecs/run";
import { reminderCreated, remindersApp } from "../../src/examples/index";
import { createSimulation } from "../../src/simulation/simulation";
import type { RunWrite } from "../../src/store/port";
import { ReferenceStore } from "../../src/store/reference/reference-store";
import { createWorld } from "../../src/world/world";
import { commitInWorld, createRunInWorld } from "../../src/world/world-write";

// One reference store model: the conformance suite compares every store with `ReferenceStore`,
// and the world of the simulation and the model checker is that same model, written by the
// same functions.

const { scheduleReminder } = remindersApp({ appId: "acme-app" });
const remindAt = "2024-02-01T00:00:00.000Z";

describe("the reference store model", () => {
  it("is the simulation's world: the reference store reads what the simulation wrote", async () => {
    const sim = createSimulation({ functions: [scheduleReminder] });
    const sent = await sim.send(
      reminderCreated({ reminderId: "r1", userId: "u", remindAt, reminderBody: "r1" }),
    );
    const ref = new ReferenceStore(sim.world);
    const [run] = ref.runsForEvent(sent.ids[0] ?? "");
    expect(run?.state).toBe("sleeping");
    expect(ref.listRuns({ functionId: scheduleReminder.slug }).runs.map((r) => r.id)).toEqual([
      run?.id,
    ]);
    expect(ref.dueTimers(Date.parse(remindAt), 10)).toEqual([run?.id]);
    expect(ref.pendingEvents(10)).toEqual([]);
    const [listener] = sim.world.listeners.values();
    const keyFor = (signature: string) =>
      signature === listener?.index?.signature ? listener.index.key : null;
    expect(ref.findListeners("tasks/reminder.deleted", keyFor).map((l) => l.runId)).toEqual([
      run?.id,
    ]);
    expect(ref.findListeners("tasks/reminder.deleted", () => null)).toEqual([]);
  });

  it("gives a world's writes a store's meaning: creation position, lease, stamped listeners", async () => {
    const sim = createSimulation({ functions: [scheduleReminder] });
    await sim.send(
      reminderCreated({ reminderId: "r1", userId: "u", remindAt, reminderBody: "r1" }),
    );
    const [run] = sim.world.runs.values();
    const [listener] = sim.world.listeners.values();
    if (run === undefined || listener === undefined) throw new Error("no run");
    const world = createWorld([scheduleReminder], 0);
    world.seq = 7;
    const created = createRunInWorld(world, runWrite({ ...run, createdPos: 99 }));
    expect(created.createdPos).toBe(1);
    commitInWorld(
      world,
      {
        ...runWrite({ ...created, version: created.version + 1 }),
        addListeners: [{ ...listener, afterSeq: 0 }],
        lease: 5_000,
        stampListenersAtCommit: true,
      },
      created.version,
    );
    expect(world.leases.get(run.id)).toBe(5_000);
    expect(world.listeners.get(listener.id)?.afterSeq).toBe(7);
    expect(() =>
      commitInWorld(world, { ...runWrite(created), lease: null }, created.version),
    ).toThrow(/VersionConflict/);
  });
});

/** A write of the run alone. */
const runWrite = (run: Run): RunWrite => ({
  run,
  addListeners: [],
  removeListeners: [],
  timer: undefined,
  enqueueAt: undefined,
  emit: [],
});
