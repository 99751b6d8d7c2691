import { Quell } from "@quell/core";
import { memoryStore } from "@quell/memory";
import { afterEach, describe, expect, it } from "vitest";
import { createEngine, type Engine, virtualClock } from "../../src/index";
import { type Driver, drivers } from "../support/drivers";
import { reminder, reminderApp } from "./reminder-app";

describe.each(drivers)("the run record ($name)", ({ create }) => {
  let driver: Driver;
  afterEach(() => driver.stop());

  it("shows status, output, times, and a timeline of what happened", async () => {
    const quell = new Quell({ id: "app" });
    const fn = quell.createFunction(
      { id: "greet" },
      { event: "greet" },
      async ({ event, step }) => {
        const name = await step.run("load", () => event.data.name as string);
        await step.sleep("pause", "1h");
        await step.waitForEvent("ack", { event: "greet.ack", timeout: "1d", match: "data.name" });
        return `hello ${name}`;
      },
    );
    driver = await create([fn]);
    const sent = await driver.send({ name: "greet", data: { name: "ada" } });
    const runId = (await driver.runsForEvent(sent.ids[0] ?? ""))[0]?.id ?? "";
    await driver.advance("2h");
    await driver.send({ name: "greet.ack", data: { name: "ada" } });
    const run = await driver.getRun(runId);
    expect(run).toMatchObject({
      id: runId,
      function_id: "app-greet",
      status: "Completed",
      output: "hello ada",
      error: null,
      started_at: "2024-01-01T00:00:00.000Z",
      ended_at: "2024-01-01T02:00:00.000Z",
      cancellation: null,
      original_run_id: null,
    });
    expect(run.timeline.map((e) => [e.type, e.step ?? ""])).toEqual([
      ["created", ""],
      ["started", ""],
      ["step.started", "load"],
      ["step.completed", "load"],
      ["sleeping", "pause"],
      ["woke", "pause"],
      ["waiting", "ack"],
      ["wait.resolved", "ack"],
      ["completed", ""],
    ]);
  });

  it("shows the error of a failed run and the cancellation record of a cancelled one", async () => {
    const app = reminderApp();
    const quell = new Quell({ id: "app" });
    const broken = quell.createFunction(
      { id: "broken", retries: 0 },
      { event: "boom" },
      async () => {
        throw new Error("kaput");
      },
    );
    driver = await create([...app.functions, broken]);
    const failed = await driver.send({ name: "boom" });
    const failedRun = (await driver.runsForEvent(failed.ids[0] ?? ""))[0];
    expect(failedRun).toMatchObject({
      status: "Failed",
      error: { name: "Error", message: "kaput" },
    });
    const sent = await driver.send(reminder("x", "u"));
    const runId = (await driver.runsForEvent(sent.ids[0] ?? ""))[0]?.id ?? "";
    await driver.advance("1m");
    const cancelled = await driver.cancelRun(runId, { reason: "user asked" });
    expect(cancelled.cancellation).toEqual({
      source: "api",
      at: new Date(driver.now()).toISOString(),
      reason: "user asked",
    });
    expect(cancelled.ended_at).toBe("2024-01-01T00:01:00.000Z");
    expect(cancelled.timeline.at(-2)).toMatchObject({ type: "cancel.requested" });
  });
});

describe("listRuns (engine + memory store)", () => {
  let engine: Engine;
  afterEach(() => engine.stop());

  it("filters by function, status and time window, newest first, with a cursor", async () => {
    const app = reminderApp();
    const clock = virtualClock(Date.parse("2024-01-01T00:00:00.000Z"));
    engine = createEngine({ functions: app.functions, store: memoryStore(), clock });
    await engine.start();
    const ids: string[] = [];
    for (let i = 0; i < 7; i += 1) {
      const sent = await engine.send(reminder(`l${i}`, "u"));
      ids.push((await engine.runsForEvent(sent.ids[0] ?? ""))[0]?.id ?? "");
      await clock.advance("1h");
    }
    await engine.idle();
    await engine.cancelRun(ids[1] ?? "");
    await engine.cancelRun(ids[5] ?? "");

    const cancelled = await engine.listRuns({
      functionId: "acme-app-schedule-reminder",
      status: "Cancelled",
    });
    expect(cancelled.runs.map((r) => r.id)).toEqual([ids[5], ids[1]]);

    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await engine.listRuns({
        functionId: "acme-app-schedule-reminder",
        limit: 3,
        ...(cursor ? { cursor } : {}),
      });
      seen.push(...page.runs.map((r) => r.id));
      cursor = page.cursor ?? undefined;
    } while (cursor !== undefined);
    expect(seen).toEqual([...ids].reverse());

    const window = await engine.listRuns({
      startedAfter: "2024-01-01T02:00:00.000Z",
      startedBefore: "2024-01-01T04:00:00.000Z",
      status: ["Sleeping"],
    });
    expect(window.runs.map((r) => r.id)).toEqual([ids[4], ids[3], ids[2]]);
    // The same window as a Date and as epoch ms: one TimeInput everywhere in the API.
    for (const [after, before] of [
      [new Date("2024-01-01T02:00:00.000Z"), new Date("2024-01-01T04:00:00.000Z")],
      [Date.parse("2024-01-01T02:00:00.000Z"), Date.parse("2024-01-01T04:00:00.000Z")],
    ] as const) {
      const same = await engine.listRuns({ startedAfter: after, startedBefore: before });
      expect(same.runs.map((r) => r.id)).toEqual([ids[4], ids[3], ids[2]]);
    }
  });

  it("lists a function's runs by its id or its slug, as HTTP does", async () => {
    const app = reminderApp();
    engine = createEngine({
      functions: app.functions,
      store: memoryStore(),
      clock: virtualClock(Date.parse("2024-01-01T00:00:00.000Z")),
    });
    await engine.start();
    await engine.send([reminder("a", "u1"), reminder("b", "u2")]);
    await engine.idle();
    const bySlug = await engine.listRuns({ functionId: "acme-app-schedule-reminder" });
    const byId = await engine.listRuns({ functionId: "schedule-reminder" });
    expect(bySlug.runs).toHaveLength(2);
    expect(byId.runs.map((r) => r.id)).toEqual(bySlug.runs.map((r) => r.id));
    expect((await engine.listRuns({ functionId: "no-such-function" })).runs).toEqual([]);
    await expect(engine.listRuns({ startedAfter: "last tuesday" })).rejects.toMatchObject({
      field: "startedAfter",
    });
  });
});
