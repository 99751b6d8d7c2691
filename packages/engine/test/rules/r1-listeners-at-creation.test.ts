// SPEC R1: a run's cancelOn listeners are registered in the same atomic write that creates it.
import { Quell } from "@quell/core";
import { describe, expect, it } from "vitest";
import { drivers } from "../support/drivers";
import { runOf, useDrivers } from "../support/fixtures";

describe.each(drivers)("$name", ({ create }) => {
  const start = useDrivers(create);

  it("R1: a queued run that never started is already cancellable (cancel right behind its trigger)", async () => {
    const quell = new Quell({ id: "app" });
    let executions = 0;
    const fn = quell.createFunction(
      { id: "import", cancelOn: [{ event: "import/cancelled", match: "data.importId" }] },
      { event: "import/requested" },
      async () => {
        executions += 1;
        return "done";
      },
    );
    const d = await start([fn]);
    const { ids } = await d.send([
      { name: "import/requested", data: { importId: "i1" } },
      { name: "import/cancelled", data: { importId: "i1" } },
    ]);
    const run = await runOf(d, ids[0]);
    expect(run.status).toBe("Cancelled");
    expect(run.started_at).toBeNull();
    expect(run.ended_at).not.toBeNull();
    expect(run.cancellation).toMatchObject({ source: "event", event_id: ids[1] });
    expect(executions).toBe(0);
  });

  it("R1: a queued run without a matching cancel event starts and completes (the batch is not what cancels)", async () => {
    const quell = new Quell({ id: "app" });
    let executions = 0;
    const fn = quell.createFunction(
      { id: "import", cancelOn: [{ event: "import/cancelled", match: "data.importId" }] },
      { event: "import/requested" },
      async () => {
        executions += 1;
        return "done";
      },
    );
    const d = await start([fn]);
    const { ids } = await d.send([
      { name: "import/requested", data: { importId: "i1" } },
      { name: "import/cancelled", data: { importId: "other" } },
    ]);
    const run = await runOf(d, ids[0]);
    expect(run.status).toBe("Completed");
    expect(run.output).toBe("done");
    expect(executions).toBe(1);
  });

  it("R1: one listener per cancelOn entry, each able to cancel on its own", async () => {
    const quell = new Quell({ id: "app" });
    const fn = quell.createFunction(
      {
        id: "reminder",
        cancelOn: [
          { event: "reminder/deleted", match: "data.reminderId" },
          { event: "user/deleted", if: "async.data.userId == event.data.userId" },
          { event: "reminder/snoozed", match: "data.reminderId" },
        ],
      },
      { event: "reminder/created" },
      async ({ step }) => {
        await step.sleep("wait", "1d");
        return "sent";
      },
    );
    const d = await start([fn]);
    const a = await d.send({ name: "reminder/created", data: { reminderId: "r1", userId: "u1" } });
    const b = await d.send({ name: "reminder/created", data: { reminderId: "r2", userId: "u2" } });
    const c = await d.send({ name: "reminder/created", data: { reminderId: "r3", userId: "u3" } });
    const keep = await d.send({
      name: "reminder/created",
      data: { reminderId: "r4", userId: "u4" },
    });
    const byFirst = await d.send({ name: "reminder/deleted", data: { reminderId: "r1" } });
    const bySecond = await d.send({ name: "user/deleted", data: { userId: "u2" } });
    const byThird = await d.send({ name: "reminder/snoozed", data: { reminderId: "r3" } });
    await d.advance("2d");
    expect((await runOf(d, a.ids[0])).cancellation).toMatchObject({ event_id: byFirst.ids[0] });
    expect((await runOf(d, b.ids[0])).cancellation).toMatchObject({ event_id: bySecond.ids[0] });
    expect((await runOf(d, c.ids[0])).cancellation).toMatchObject({ event_id: byThird.ids[0] });
    const kept = await runOf(d, keep.ids[0]);
    expect(kept.status).toBe("Completed");
    expect(kept.cancellation).toBeNull();
  });

  it("R1: every run an event triggers gets its own listeners (two functions on one event)", async () => {
    const quell = new Quell({ id: "app" });
    const mk = (id: string) =>
      quell.createFunction(
        { id, cancelOn: [{ event: "order/cancelled", match: "data.orderId" }] },
        { event: "order/placed" },
        async () => id,
      );
    const d = await start([mk("ship"), mk("bill")]);
    const { ids } = await d.send([
      { name: "order/placed", data: { orderId: "o1" } },
      { name: "order/cancelled", data: { orderId: "o1" } },
    ]);
    const runs = await d.runsForEvent(ids[0] as string);
    expect(runs.map((r) => r.function_id).sort()).toEqual(["app-bill", "app-ship"]);
    for (const run of runs) {
      expect(run.status).toBe("Cancelled");
      expect(run.started_at).toBeNull();
    }
  });
});
