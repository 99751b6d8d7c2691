import {
  QuellValidationError,
  RunConflictError,
  RunNotFoundError,
  type RunStatus,
} from "@quell/core";
import { afterEach, describe, expect, it } from "vitest";
import { type Driver, drivers } from "../support/drivers";
import { reminder, reminderApp } from "./reminder-app";

describe.each(drivers)("replay ($name)", ({ create }) => {
  let driver: Driver;
  afterEach(() => driver.stop());

  it("replays a cancelled run as a new run with the same events and original_run_id", async () => {
    const app = reminderApp();
    driver = await create(app.functions);
    const sent = await driver.send(reminder("r1", "u1", "2024-01-02T00:00:00.000Z"));
    const original = (await driver.runsForEvent(sent.ids[0] ?? ""))[0];
    await driver.cancelRun(original?.id ?? "", { reason: "oops" });
    const replay = await driver.replayRun(original?.id ?? "");
    expect(replay.id).not.toBe(original?.id);
    expect(replay.original_run_id).toBe(original?.id);
    expect(replay.event).toEqual(original?.event);
    expect(replay.events).toEqual(original?.events);
    await driver.advance("2d");
    expect((await driver.getRun(replay.id)).status).toBe("Completed");
    // The original stays cancelled: replay never revives it (R8).
    expect((await driver.getRun(original?.id ?? "")).status).toBe("Cancelled");
    expect(app.pushes).toEqual(["r1"]);
    // The replayed run shares the trigger event, so it is found by it too.
    expect((await driver.runsForEvent(sent.ids[0] ?? "")).map((r) => r.id).sort()).toEqual(
      [original?.id, replay.id].sort(),
    );
  });

  it("replays a run cancelled mid-step from scratch; the original keeps the settled step", async () => {
    const app = reminderApp();
    app.gate.block = true;
    driver = await create(app.functions);
    const sent = await driver.send(reminder("r1", "u1", "2024-01-02T00:00:00.000Z"));
    const runId = (await driver.runsForEvent(sent.ids[0] ?? ""))[0]?.id ?? "";
    const advancing = driver.advance("1d");
    await app.gate.started.promise;
    await driver.cancelRun(runId);
    app.gate.release.resolve();
    await advancing;
    await driver.settle();
    const original = await driver.getRun(runId);
    expect(original.status).toBe("Cancelled");
    expect(original.steps.find((s) => s.id === "send-reminder-push")).toMatchObject({
      settled_after_cancel: true,
    });

    const replay = await driver.replayRun(runId);
    await driver.advance("1d");
    const done = await driver.getRun(replay.id);
    expect(done.status).toBe("Completed");
    expect(done.steps.map((s) => s.id)).toEqual([
      "sleep-until-remind-at-time",
      "send-reminder-push",
      "mark-sent",
    ]);
    expect(app.pushes).toEqual(["r1", "r1"]);
  });

  it("refuses a run that has not ended, and an unknown run", async () => {
    const app = reminderApp();
    driver = await create(app.functions);
    const sent = await driver.send(reminder("r1", "u1"));
    const runId = (await driver.runsForEvent(sent.ids[0] ?? ""))[0]?.id ?? "";
    await expect(driver.replayRun(runId)).rejects.toBeInstanceOf(RunConflictError);
    await expect(driver.replayRun("01NOPE")).rejects.toBeInstanceOf(RunNotFoundError);
  });

  it("a replay can be cancelled only by events sent after it was created (R3)", async () => {
    const app = reminderApp();
    driver = await create(app.functions);
    const sent = await driver.send(reminder("r1", "u1", "2024-01-02T00:00:00.000Z"));
    const runId = (await driver.runsForEvent(sent.ids[0] ?? ""))[0]?.id ?? "";
    await driver.send({ name: "tasks/reminder.deleted", data: { reminderId: "r1" } });
    expect((await driver.getRun(runId)).status).toBe("Cancelled");
    const replay = await driver.replayRun(runId);
    await driver.advance("1h");
    expect((await driver.getRun(replay.id)).status).toBe("Sleeping");
    await driver.send({ name: "tasks/reminder.deleted", data: { reminderId: "r1" } });
    expect((await driver.getRun(replay.id)).status).toBe("Cancelled");
  });

  it("replays in bulk by function, window and status, and reports how many", async () => {
    const app = reminderApp();
    driver = await create(app.functions);
    const ids: string[] = [];
    for (let i = 0; i < 5; i += 1) {
      const sent = await driver.send(reminder(`b${i}`, "u", "2024-01-05T00:00:00.000Z"));
      ids.push((await driver.runsForEvent(sent.ids[0] ?? ""))[0]?.id ?? "");
      await driver.advance("1h");
    }
    for (const id of ids.slice(0, 4)) await driver.cancelRun(id);
    const result = await driver.replayRuns({
      functionId: "acme-app-schedule-reminder",
      startedAfter: "2024-01-01T00:30:00.000Z",
      startedBefore: "2024-01-01T05:00:00.000Z",
      status: "Cancelled",
    });
    expect(result.count).toBe(3);
    const replays = await Promise.all(result.run_ids.map((id) => driver.getRun(id)));
    expect(replays.map((r) => r.original_run_id).sort()).toEqual(ids.slice(1, 4).sort());
    await driver.advance("1w");
    for (const run of await Promise.all(result.run_ids.map((id) => driver.getRun(id)))) {
      expect(run.status).toBe("Completed");
    }
    expect(app.pushes.sort()).toEqual(["b1", "b2", "b3", "b4"]);
  });

  it("refuses a bulk replay naming an unknown function, an unknown status or no ended status", async () => {
    const app = reminderApp();
    driver = await create(app.functions);
    const fieldOf = (filter: Parameters<Driver["replayRuns"]>[0]) =>
      driver.replayRuns(filter).then(
        () => "accepted",
        (error: unknown) =>
          error instanceof QuellValidationError ? error.field : `not a validation error: ${error}`,
      );
    expect(await fieldOf({ functionId: "nope" })).toBe("functionId");
    expect(await fieldOf({ functionId: "schedule-reminder", startedAfter: "soon" })).toBe(
      "startedAfter",
    );
    const bogus = "Bogus" as RunStatus;
    expect(await fieldOf({ functionId: "schedule-reminder", status: bogus })).toBe("status");
    expect(await fieldOf({ functionId: "schedule-reminder", status: ["Running", "Queued"] })).toBe(
      "status",
    );
    expect(await fieldOf({ functionId: "schedule-reminder", status: "Completed" })).toBe(
      "accepted",
    );
  });
});
