// SPEC R5: a cancelOn entry with neither `match` nor `if` cancels every in-flight run of the
// function when such an event arrives; registration logs a warning saying so.
import { Quell } from "@quell/core";
import { describe, expect, it } from "vitest";
import { drivers } from "../support/drivers";
import { runOf, useDrivers } from "../support/fixtures";

const make = () => {
  const quell = new Quell({ id: "app" });
  const sleepy = (id: string, cancelOn: { event: string; match?: string }[]) =>
    quell.createFunction({ id, cancelOn }, { event: "job/started" }, async ({ step }) => {
      await step.sleep("nap", "1d");
      return "finished";
    });
  return {
    catchAll: sleepy("catch-all", [{ event: "deploy/rollback" }]),
    matched: sleepy("matched", [{ event: "deploy/rollback", match: "data.jobId" }]),
    other: sleepy("other", []),
  };
};

describe("R5 registration", () => {
  it("R5: an entry without match/if carries a warning naming the function, the entry and the event", () => {
    const { catchAll, matched, other } = make();
    expect(catchAll.warnings).toHaveLength(1);
    expect(catchAll.warnings[0]).toContain("app-catch-all");
    expect(catchAll.warnings[0]).toContain("cancelOn[0]");
    expect(catchAll.warnings[0]).toContain("deploy/rollback");
    expect(matched.warnings).toEqual([]);
    expect(other.warnings).toEqual([]);
  });
});

describe.each(drivers)("$name", ({ create }) => {
  const start = useDrivers(create);

  it("R5: one such event cancels every in-flight run of the function, whatever their data", async () => {
    const { catchAll } = make();
    const d = await start([catchAll]);
    const { ids } = await d.send([
      { name: "job/started", data: { jobId: "a" } },
      { name: "job/started", data: { jobId: "b" } },
      { name: "job/started", data: {} },
    ]);
    const rollback = await d.send({ name: "deploy/rollback", data: { reason: "bad deploy" } });
    const runs = await d.runsFor("app-catch-all");
    expect(runs).toHaveLength(3);
    for (const id of ids) {
      const run = await runOf(d, id);
      expect(run.status).toBe("Cancelled");
      expect(run.cancellation).toMatchObject({ source: "event", event_id: rollback.ids[0] });
    }
  });

  it("R5: it cancels only runs of that function, and only runs created before the event", async () => {
    const { catchAll, matched, other } = make();
    const d = await start([catchAll, matched, other]);
    const before = await d.send({ name: "job/started", data: { jobId: "a" } });
    await d.send({ name: "deploy/rollback", data: { jobId: "zzz" } });
    const after = await d.send({ name: "job/started", data: { jobId: "b" } });
    const status = async (eventId: string | undefined, slug: string) => {
      const runs = await d.runsForEvent(eventId as string);
      return runs.find((r) => r.function_id === slug)?.status;
    };
    expect(await status(before.ids[0], "app-catch-all")).toBe("Cancelled");
    expect(await status(before.ids[0], "app-matched")).toBe("Sleeping"); // jobId differs
    expect(await status(before.ids[0], "app-other")).toBe("Sleeping");
    expect(await status(after.ids[0], "app-catch-all")).toBe("Sleeping");
    await d.advance("1d");
    expect(await status(after.ids[0], "app-catch-all")).toBe("Completed");
  });

  it("R5: registration logs the warning", async () => {
    const { catchAll, matched } = make();
    const d = await start([catchAll, matched]);
    const warnings = d.logs.filter((line) => line.level === "warn");
    expect(warnings).toHaveLength(1);
    expect(warnings[0]?.message).toContain("app-catch-all");
    expect(warnings[0]?.message).toContain("deploy/rollback");
  });
});
