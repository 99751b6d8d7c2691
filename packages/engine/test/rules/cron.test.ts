// Cron triggers (docs/triggers.md), on the simulation and on the engine with the memory store and
// a virtual clock: each due tick ingests one inngest/scheduled.timer event that starts its one
// function.
import { type HandlerEvent, Quell } from "@quell/core";
import { describe, expect, it } from "vitest";
import { drivers } from "../support/drivers";
import { useDrivers } from "../support/fixtures";

const times = (runs: readonly { event: { ts: number } }[]): string[] =>
  runs.map((r) => new Date(r.event.ts).toISOString()).sort();

describe.each(drivers)("$name", ({ create }) => {
  const start = useDrivers(create);

  it("fires at each due time an inngest/scheduled.timer event with data { cron }", async () => {
    const quell = new Quell({ id: "app" });
    const seen: HandlerEvent[] = [];
    const fn = quell.createFunction({ id: "every-5" }, { cron: "*/5 * * * *" }, ({ event }) => {
      seen.push(event);
      return "ticked";
    });
    const d = await start([fn]);
    await d.advance("4m");
    expect(await d.runsFor("app-every-5")).toEqual([]);
    await d.advance("11m");
    const runs = await d.runsFor("app-every-5");
    expect(times(runs)).toEqual([
      "2024-01-01T00:05:00.000Z",
      "2024-01-01T00:10:00.000Z",
      "2024-01-01T00:15:00.000Z",
    ]);
    expect(runs.every((r) => r.status === "Completed" && r.output === "ticked")).toBe(true);
    expect(seen[0]).toMatchObject({
      name: "inngest/scheduled.timer",
      data: { cron: "*/5 * * * *" },
      id: "cron:app-every-5:2024-01-01T00:05:00.000Z",
      ts: Date.parse("2024-01-01T00:05:00.000Z"),
    });
  });

  it("counts in the TZ= prefix's time zone", async () => {
    const quell = new Quell({ id: "app" });
    const fn = quell.createFunction(
      { id: "nightly" },
      { cron: "TZ=Europe/Paris 0 3 * * *" },
      () => null,
    );
    const d = await start([fn]);
    await d.advance("2d");
    // 03:00 in Paris is 02:00 UTC in winter.
    expect(times(await d.runsFor("app-nightly"))).toEqual([
      "2024-01-01T02:00:00.000Z",
      "2024-01-02T02:00:00.000Z",
    ]);
  });

  it("starts only its own function: another cron function or an event function is untouched", async () => {
    const quell = new Quell({ id: "app" });
    const often = quell.createFunction({ id: "often" }, { cron: "*/10 * * * *" }, () => null);
    const rarely = quell.createFunction({ id: "rarely" }, { cron: "0 * * * *" }, () => null);
    const onTimer = quell.createFunction({ id: "events" }, { event: "app/x" }, () => null);
    const d = await start([often, rarely, onTimer]);
    await d.advance("1h");
    expect(await d.runsFor("app-often")).toHaveLength(6);
    expect(await d.runsFor("app-rarely")).toHaveLength(1);
    expect(await d.runsFor("app-events")).toEqual([]);
  });

  it("a function with a cron and an event trigger runs for both", async () => {
    const quell = new Quell({ id: "app" });
    const fn = quell.createFunction(
      { id: "report" },
      [{ cron: "0 * * * *" }, { event: "app/report.now", if: "event.data.force == true" }],
      ({ event }) => event.name,
    );
    const d = await start([fn]);
    await d.send({ name: "app/report.now", data: { force: true } });
    await d.send({ name: "app/report.now", data: { force: false } });
    await d.advance("1h");
    const outputs = (await d.runsFor("app-report")).map((r) => r.output).sort();
    expect(outputs).toEqual(["app/report.now", "inngest/scheduled.timer"]);
  });

  it("two crons of one function due at the same time start one run", async () => {
    const quell = new Quell({ id: "app" });
    const fn = quell.createFunction(
      { id: "twice" },
      [{ cron: "0 * * * *" }, { cron: "*/30 * * * *" }],
      () => null,
    );
    const d = await start([fn]);
    await d.advance("1h");
    expect(times(await d.runsFor("app-twice"))).toEqual([
      "2024-01-01T00:30:00.000Z",
      "2024-01-01T01:00:00.000Z",
    ]);
  });

  it("a paused function's ticks make Skipped runs, and it ticks again once resumed", async () => {
    const quell = new Quell({ id: "app" });
    const fn = quell.createFunction({ id: "paused" }, { cron: "*/5 * * * *" }, () => "ran");
    const d = await start([fn]);
    await d.pauseFunction("app-paused");
    await d.advance("10m");
    const skipped = await d.runsFor("app-paused");
    expect(skipped.map((r) => r.status)).toEqual(["Skipped", "Skipped"]);
    await d.resumeFunction("app-paused");
    await d.advance("5m");
    const runs = await d.runsFor("app-paused");
    expect(runs.map((r) => r.status).sort()).toEqual(["Completed", "Skipped", "Skipped"]);
  });

  it("a user cannot send inngest/scheduled.timer to start a cron function", async () => {
    const quell = new Quell({ id: "app" });
    const fn = quell.createFunction({ id: "c" }, { cron: "0 0 * * *" }, () => null);
    const d = await start([fn]);
    await expect(
      d.send({ name: "inngest/scheduled.timer", id: "cron:app-c:2024-01-01T00:00:00.000Z" }),
    ).rejects.toThrow(/inngest\//);
    expect(await d.runsFor("app-c")).toEqual([]);
  });
});
