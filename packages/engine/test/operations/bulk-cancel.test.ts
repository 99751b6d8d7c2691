import { QuellValidationError } from "@quell/core";
import { afterEach, describe, expect, it } from "vitest";
import { type Driver, drivers } from "../support/drivers";
import { reminder, reminderApp } from "./reminder-app";

describe.each(drivers)("bulk cancellation ($name)", ({ create }) => {
  let driver: Driver;
  afterEach(() => driver.stop());

  /** Runs created at 00:00, 06:00, 12:00 and 18:00 on Jan 1, alternating users. */
  const seedRuns = async (d: Driver) => {
    const ids: string[] = [];
    for (let i = 0; i < 4; i += 1) {
      const user = i % 2 === 0 ? "user_o9235hf84hf" : "user_other";
      const sent = await d.send(reminder(`r${i}`, user));
      ids.push((await d.runsForEvent(sent.ids[0] ?? ""))[0]?.id ?? "");
      await d.advance("6h");
    }
    return ids;
  };

  it("cancels exactly the runs its window and `if` select (the seeds' request)", async () => {
    const app = reminderApp();
    driver = await create(app.functions);
    const [r0, r1, r2, r3] = await seedRuns(driver);
    const created = await driver.createCancellation({
      appId: "acme-app",
      functionId: "schedule-reminder",
      startedAfter: "2024-01-01T05:00:00.000Z",
      startedBefore: "2024-01-01T19:00:00.000Z",
      if: "event.data.userId == 'user_o9235hf84hf'",
    });
    expect(created).toMatchObject({
      app_id: "acme-app",
      function_id: "acme-app-schedule-reminder",
      started_after: "2024-01-01T05:00:00.000Z",
      started_before: "2024-01-01T19:00:00.000Z",
      if: "event.data.userId == 'user_o9235hf84hf'",
      status: "running",
      environment_id: expect.any(String),
    });
    await driver.settle();
    expect(await driver.getCancellation(created.id)).toMatchObject({
      status: "completed",
      matched: 1,
      cancelled: 1,
    });
    expect((await driver.getRun(r2 ?? "")).cancellation).toEqual({
      source: "bulk",
      at: new Date(driver.now()).toISOString(),
      cancellation_id: created.id,
    });
    for (const id of [r0, r1, r3]) expect((await driver.getRun(id ?? "")).status).toBe("Sleeping");
    // Runs created after started_before are never touched, even if they match `if`.
    const later = await driver.send(reminder("late", "user_o9235hf84hf"));
    await driver.advance("1h");
    expect((await driver.runsForEvent(later.ids[0] ?? ""))[0]?.status).toBe("Sleeping");
    expect(app.cleanups).toEqual([r2]);
  });

  it("accepts the slug as function_id, and without `if` cancels the whole window", async () => {
    const app = reminderApp();
    driver = await create(app.functions);
    const ids = await seedRuns(driver);
    const created = await driver.createCancellation({
      appId: "acme-app",
      functionId: "acme-app-schedule-reminder",
      startedBefore: "2024-01-01T23:59:00.000Z",
    });
    await driver.settle();
    expect(await driver.getCancellation(created.id)).toMatchObject({
      status: "completed",
      matched: 4,
      cancelled: 4,
    });
    for (const id of ids) expect((await driver.getRun(id)).status).toBe("Cancelled");
    expect(app.cleanups.sort()).toEqual([...ids].sort());
  });

  it("dryRun counts without cancelling", async () => {
    const app = reminderApp();
    driver = await create(app.functions);
    const ids = await seedRuns(driver);
    const preview = await driver.createCancellation({
      appId: "acme-app",
      functionId: "schedule-reminder",
      startedBefore: "2024-01-01T23:00:00.000Z",
      if: "event.data.userId == 'user_other'",
      dryRun: true,
    });
    expect(preview).toMatchObject({ dry_run: true, status: "completed", matched: 2, cancelled: 0 });
    await driver.settle();
    for (const id of ids) expect((await driver.getRun(id)).status).toBe("Sleeping");
  });

  it("holds runs it has not reached yet at their next step boundary, while they wake", async () => {
    const app = reminderApp();
    driver = await create(app.functions, { bulkBatchSize: 1 });
    const ids: string[] = [];
    for (let i = 0; i < 6; i += 1) {
      const sent = await driver.send(reminder(`w${i}`, "u", "2024-01-01T12:00:00.000Z"));
      ids.push((await driver.runsForEvent(sent.ids[0] ?? ""))[0]?.id ?? "");
    }
    await driver.advance("11h59m");
    const created = await driver.createCancellation({
      appId: "acme-app",
      functionId: "schedule-reminder",
      startedBefore: "2024-01-01T01:00:00.000Z",
    });
    await driver.advance("2m"); // every run wakes while the sweep goes one run per batch
    await driver.settle();
    expect(app.pushes).toEqual([]);
    for (const id of ids) {
      const run = await driver.getRun(id);
      expect(run.status).toBe("Cancelled");
      expect(run.cancellation).toMatchObject({ source: "bulk", cancellation_id: created.id });
    }
    const record = await driver.getCancellation(created.id);
    expect(record?.status).toBe("completed");
    expect(record?.cancelled).toBeLessThanOrEqual(6);
  });

  it("stops: runs already cancelled stay cancelled, the others go on", async () => {
    const app = reminderApp();
    driver = await create(app.functions, { bulkBatchSize: 2 });
    const ids: string[] = [];
    for (let i = 0; i < 8; i += 1) {
      const sent = await driver.send(reminder(`s${i}`, "u", "2024-01-03T00:00:00.000Z"));
      ids.push((await driver.runsForEvent(sent.ids[0] ?? ""))[0]?.id ?? "");
    }
    await driver.advance("1m");
    const created = await driver.createCancellation({
      appId: "acme-app",
      functionId: "schedule-reminder",
      startedBefore: "2024-01-01T00:00:30.000Z",
    });
    const stopped = await driver.stopCancellation(created.id);
    expect(stopped.status).toBe("stopped");
    await driver.advance("3d");
    const record = await driver.getCancellation(created.id);
    expect(record?.status).toBe("stopped");
    const runs = await Promise.all(ids.map((id) => driver.getRun(id)));
    const byThis = runs.filter((r) => r.cancellation?.cancellation_id === created.id);
    expect(byThis.length).toBe(record?.cancelled);
    for (const run of runs.filter((r) => r.cancellation === null))
      expect(run.status).toBe("Completed");
    expect(app.pushes.length).toBe(8 - byThis.length);
    expect((await driver.stopCancellation(created.id)).status).toBe("stopped");
  });

  it.each([
    [{ functionId: "schedule-reminder", startedBefore: "2024-01-01T00:00:00Z" }, "appId"],
    [
      { appId: "acme-app", functionId: "nope", startedBefore: "2024-01-01T00:00:00Z" },
      "functionId",
    ],
    [
      { appId: "acme-app", functionId: "schedule-reminder", startedBefore: "yesterday" },
      "startedBefore",
    ],
    [
      {
        appId: "acme-app",
        functionId: "schedule-reminder",
        startedBefore: "2030-01-01T00:00:00Z",
      },
      "startedBefore",
    ],
    [
      {
        appId: "acme-app",
        functionId: "schedule-reminder",
        startedAfter: "2024-01-01T00:00:00Z",
        startedBefore: "2023-12-01T00:00:00Z",
      },
      "startedAfter",
    ],
    [
      {
        appId: "acme-app",
        functionId: "schedule-reminder",
        startedBefore: "2024-01-01T00:00:00Z",
        if: "event.data.x ==",
      },
      "if",
    ],
    [
      {
        appId: "acme-app",
        functionId: "schedule-reminder",
        startedBefore: "2024-01-01T00:00:00Z",
        if: "async.data.x == 1",
      },
      "if",
    ],
    [
      {
        appId: "acme-app",
        functionId: "schedule-reminder",
        startedBefore: "2024-01-01T00:00:00Z",
        dryRun: "yes",
      },
      "dryRun",
    ],
  ])("rejects %j naming %s, creating nothing", async (request, field) => {
    driver = await create(reminderApp().functions);
    const attempt = driver.createCancellation(request as never);
    await expect(attempt).rejects.toBeInstanceOf(QuellValidationError);
    await expect(attempt).rejects.toMatchObject({ field });
    expect(await driver.listCancellations()).toEqual([]);
  });

  it("names the position of a CEL error", async () => {
    driver = await create(reminderApp().functions);
    await expect(
      driver.createCancellation({
        appId: "acme-app",
        functionId: "schedule-reminder",
        startedBefore: "2024-01-01T00:00:00Z",
        if: "event.data.userId == ",
      }),
    ).rejects.toMatchObject({ field: "if", position: expect.any(Number) });
  });
});
