// rescheduleRun(id, { until }): a sleeping run's wake-up moves (SPEC §2, §7.10: a rescheduled
// run never wakes at its old time). Any other run is refused (409), an unknown one is 404, a
// bad time 400 naming `until`.
import {
  isQuellError,
  Quell,
  type QuellValidationError,
  type RunConflictError,
  type RunView,
} from "@quell/core";
import { describe, expect, it } from "vitest";
import { drivers } from "../support/drivers";
import { gate, runOf, stepById, thrown, useDrivers } from "../support/fixtures";

const T0 = Date.parse("2024-01-01T00:00:00.000Z");
const iso = (offsetMs: number): string => new Date(T0 + offsetMs).toISOString();
const MIN = 60_000;
const HOUR = 60 * MIN;

const entries = (run: RunView, type: string) => run.timeline.filter((e) => e.type === type);

const napper = (timeouts?: { finish: string }) =>
  new Quell({ id: "app" }).createFunction(
    { id: "nap", ...(timeouts === undefined ? {} : { timeouts }) },
    { event: "nap/start" },
    async ({ step }) => {
      await step.sleep("nap", "1h");
      return step.run("after", () => "awake");
    },
  );

describe.each(drivers)("$name", ({ create }) => {
  const start = useDrivers(create);

  it("moves the wake-up later: the run never wakes at its old time, and the timeline keeps both times", async () => {
    const d = await start([napper()]);
    const { ids } = await d.send({ name: "nap/start" });
    await d.advance("10m");
    const id = (await runOf(d, ids[0])).id;
    const moved = await d.rescheduleRun(id, { until: iso(3 * HOUR) });
    expect(moved.status).toBe("Sleeping");
    expect(entries(moved, "rescheduled")).toEqual([
      {
        at: iso(10 * MIN),
        type: "rescheduled",
        step: "nap",
        detail: `from ${iso(HOUR)} to ${iso(3 * HOUR)}`,
      },
    ]);
    await d.advance("2h");
    const before = await d.getRun(id);
    expect(before.status).toBe("Sleeping");
    expect(entries(before, "woke")).toEqual([]);
    await d.advance("1h");
    const done = await d.getRun(id);
    expect(done.status).toBe("Completed");
    expect(entries(done, "woke")).toEqual([{ at: iso(3 * HOUR), type: "woke", step: "nap" }]);
  });

  it("moves the wake-up earlier (an epoch ms or a Date as well as an RFC 3339 string); the last reschedule counts", async () => {
    const d = await start([napper()]);
    const { ids } = await d.send({ name: "nap/start" });
    const id = (await runOf(d, ids[0])).id;
    await d.rescheduleRun(id, { until: T0 + 40 * MIN });
    await d.rescheduleRun(id, { until: new Date(T0 + 20 * MIN) });
    await d.advance("30m");
    const done = await d.getRun(id);
    expect(done.status).toBe("Completed");
    expect(entries(done, "woke").map((e) => e.at)).toEqual([iso(20 * MIN)]);
    expect(entries(done, "rescheduled").map((e) => e.detail)).toEqual([
      `from ${iso(HOUR)} to ${iso(40 * MIN)}`,
      `from ${iso(40 * MIN)} to ${iso(20 * MIN)}`,
    ]);
  });

  it("a time already past wakes the run at once", async () => {
    const d = await start([napper()]);
    const { ids } = await d.send({ name: "nap/start" });
    await d.advance("10m");
    const id = (await runOf(d, ids[0])).id;
    await d.rescheduleRun(id, { until: iso(0) });
    await d.settle();
    const done = await d.getRun(id);
    expect(done.status).toBe("Completed");
    expect(entries(done, "woke").map((e) => e.at)).toEqual([iso(10 * MIN)]);
    expect(stepById(done, "after")).toMatchObject({ output: "awake" });
  });

  it("the run's finish deadline still applies: a wake-up moved past it never comes", async () => {
    const d = await start([napper({ finish: "2h" })]);
    const { ids } = await d.send({ name: "nap/start" });
    const id = (await runOf(d, ids[0])).id;
    await d.rescheduleRun(id, { until: iso(5 * HOUR) });
    await d.advance("6h");
    const run = await d.getRun(id);
    expect(run.status).toBe("Cancelled");
    expect(run.ended_at).toBe(iso(2 * HOUR));
    expect(run.cancellation?.source).toBe("timeout");
    expect(entries(run, "woke")).toEqual([]);
  });

  it("refuses a run that does not sleep (409), an unknown run (404) and a bad time (400, naming until)", async () => {
    const g = gate();
    const quell = new Quell({ id: "app" });
    const busy = quell.createFunction({ id: "busy" }, { event: "busy/start" }, async ({ step }) => {
      await step.run("hold", () => g.pass());
    });
    const d = await start([napper(), busy]);
    const sending = d.send({ name: "busy/start" });
    await g.entered;
    const running = (await d.runsFor("app-busy"))[0] as RunView;
    const conflict = await thrown(d.rescheduleRun(running.id, { until: iso(HOUR) }));
    expect(isQuellError(conflict, "RunConflictError")).toBe(true);
    expect((conflict as RunConflictError).reason).toBe("run is running, not sleeping");
    g.open();
    await sending;
    await d.settle();
    const completed = await d.getRun(running.id);
    expect(completed.status).toBe("Completed");
    const late = await thrown(d.rescheduleRun(running.id, { until: iso(HOUR) }));
    expect((late as RunConflictError).reason).toBe("run is completed, not sleeping");

    const missing = await thrown(d.rescheduleRun("no-such-run", { until: iso(HOUR) }));
    expect(isQuellError(missing, "RunNotFoundError")).toBe(true);

    const { ids } = await d.send({ name: "nap/start" });
    const sleeping = await runOf(d, ids[0]);
    const bad = await thrown(d.rescheduleRun(sleeping.id, { until: "tomorrow" }));
    expect(isQuellError(bad, "QuellValidationError")).toBe(true);
    expect((bad as QuellValidationError).field).toBe("until");
    expect(await d.getRun(sleeping.id)).toEqual(sleeping);
    await d.cancelRun(sleeping.id);
    const cancelled = await thrown(d.rescheduleRun(sleeping.id, { until: iso(HOUR) }));
    expect((cancelled as RunConflictError).reason).toBe("run is cancelled, not sleeping");
  });
});
