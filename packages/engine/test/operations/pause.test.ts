import { FunctionNotFoundError } from "@quell/core";
import { afterEach, describe, expect, it } from "vitest";
import { type Driver, drivers } from "../support/drivers";
import { reminder, reminderApp } from "./reminder-app";

const SLUG = "acme-app-schedule-reminder";

describe.each(drivers)("pause and resume ($name)", ({ create }) => {
  let driver: Driver;
  afterEach(() => driver.stop());

  it("events for a paused function create Skipped runs that never run and are not backfilled", async () => {
    const app = reminderApp();
    driver = await create(app.functions);
    await driver.pauseFunction("schedule-reminder");
    const sent = await driver.send(reminder("p1", "u", "2024-01-01T01:00:00.000Z"));
    const [skipped] = await driver.runsForEvent(sent.ids[0] ?? "");
    expect(skipped?.status).toBe("Skipped");
    expect(skipped?.ended_at).not.toBeNull();
    await driver.resumeFunction(SLUG);
    await driver.advance("1d");
    expect((await driver.getRun(skipped?.id ?? "")).status).toBe("Skipped");
    expect(app.pushes).toEqual([]);
    expect(app.cleanups).toEqual([]);
  });

  it("in-flight runs stop at their next step boundary and continue on resume", async () => {
    const app = reminderApp();
    driver = await create(app.functions);
    const sent = await driver.send(reminder("p2", "u", "2024-01-01T01:00:00.000Z"));
    const runId = (await driver.runsForEvent(sent.ids[0] ?? ""))[0]?.id ?? "";
    await driver.pauseFunction(SLUG);
    await driver.advance("2h"); // wakes, but must not start send-reminder-push
    const held = await driver.getRun(runId);
    expect(held.state).toBe("paused");
    expect(held.status).toBe("Running");
    expect(app.pushes).toEqual([]);
    const resumed = await driver.resumeFunction(SLUG);
    expect(resumed.resumed).toBe(1);
    await driver.settle();
    expect((await driver.getRun(runId)).status).toBe("Completed");
    expect(app.pushes).toEqual(["p2"]);
  });

  it("a step in flight when the pause lands completes; the next one waits for resume", async () => {
    const app = reminderApp();
    app.gate.block = true;
    driver = await create(app.functions);
    const sent = await driver.send(reminder("p3", "u", "2024-01-01T01:00:00.000Z"));
    const runId = (await driver.runsForEvent(sent.ids[0] ?? ""))[0]?.id ?? "";
    const advancing = driver.advance("2h");
    await app.gate.started.promise;
    await driver.pauseFunction(SLUG);
    app.gate.release.resolve();
    await advancing;
    await driver.settle();
    const held = await driver.getRun(runId);
    expect(held.state).toBe("paused");
    expect(held.steps.map((s) => s.id)).toEqual([
      "sleep-until-remind-at-time",
      "send-reminder-push",
    ]);
    await driver.resumeFunction(SLUG);
    await driver.settle();
    expect((await driver.getRun(runId)).steps.map((s) => s.id)).toContain("mark-sent");
  });

  it("cancelRunning cancels in-flight runs (source pause) after their step settles", async () => {
    const app = reminderApp();
    app.gate.block = true;
    driver = await create(app.functions);
    const a = await driver.send(reminder("p4", "u", "2024-01-01T01:00:00.000Z"));
    const b = await driver.send(reminder("p5", "u", "2024-01-03T00:00:00.000Z"));
    const inFlight = (await driver.runsForEvent(a.ids[0] ?? ""))[0]?.id ?? "";
    const sleeping = (await driver.runsForEvent(b.ids[0] ?? ""))[0]?.id ?? "";
    const advancing = driver.advance("2h");
    await app.gate.started.promise;
    const paused = await driver.pauseFunction(SLUG, { cancelRunning: true });
    expect(paused.cancelled).toBe(2);
    expect((await driver.getRun(inFlight)).state).toBe("cancelling");
    expect(app.cleanups).toEqual([sleeping]);
    app.gate.release.resolve();
    await advancing;
    await driver.settle();
    const run = await driver.getRun(inFlight);
    expect(run.status).toBe("Cancelled");
    expect(run.cancellation).toMatchObject({ source: "pause" });
    expect(run.steps.map((s) => s.id)).not.toContain("mark-sent");
    expect(app.cleanups.sort()).toEqual([inFlight, sleeping].sort());
  });

  it("refuses an unknown function", async () => {
    driver = await create(reminderApp().functions);
    await expect(driver.pauseFunction("nope")).rejects.toBeInstanceOf(FunctionNotFoundError);
    await expect(driver.resumeFunction("nope")).rejects.toBeInstanceOf(FunctionNotFoundError);
  });
});
