import fc from "fast-check";
import { isRight } from "fp-ts/lib/Either.js";
import { describe, expect, it } from "vitest";
import type { CronTrigger } from "../../src/config/triggers";
import { parseCronSchedule } from "../../src/cron/cron-schedule";
import {
  type CronFunction,
  type CronPlan,
  cronTickId,
  cronTickTarget,
  dueCronTicks,
  nextCronAt,
  SCHEDULED_TIMER,
  scheduledTimerEvent,
  startCron,
} from "../../src/cron/cron-ticks";

const cron = (source: string): CronTrigger => {
  const r = parseCronSchedule(source);
  if (!isRight(r)) throw new Error(r.left);
  return { _tag: "Cron", cron: source, schedule: r.right };
};
const fn = (slug: string, ...sources: string[]): CronFunction => ({
  slug,
  triggers: sources.map(cron),
});
const at = (iso: string): number => Date.parse(iso);
const T0 = at("2024-01-01T00:00:00Z");
const MIN = 60_000;
const never = (): null => null;

describe("tick ids", () => {
  it("name the function and the scheduled time, and give the function back", () => {
    const id = cronTickId("app-nightly_2", at("2024-01-01T03:00:00Z"));
    expect(id).toBe("cron:app-nightly_2:2024-01-01T03:00:00.000Z");
    expect(cronTickTarget(id)).toBe("app-nightly_2");
    expect(cronTickTarget("01HQ0000000000000000000000")).toBeNull();
    expect(cronTickTarget("cron:app-f:yesterday")).toBeNull();
  });

  it("the tick's event is inngest/scheduled.timer with data { cron }, ts the scheduled time", () => {
    const tick = { slug: "app-f", cron: "TZ=Europe/Paris 0 3 * * *", at: T0 };
    expect(scheduledTimerEvent(tick)).toEqual({
      name: SCHEDULED_TIMER,
      data: { cron: "TZ=Europe/Paris 0 3 * * *" },
      id: "cron:app-f:2024-01-01T00:00:00.000Z",
      ts: T0,
    });
  });
});

describe("dueCronTicks", () => {
  it("fires each tick when it is due, and sleeps until the next", () => {
    let plan = startCron([fn("app-f", "*/5 * * * *")], T0, never).plan;
    expect(nextCronAt(plan)).toBe(T0 + 5 * MIN);
    const early = dueCronTicks(plan, T0 + 5 * MIN - 1);
    expect(early.due).toEqual([]);
    const due = dueCronTicks(plan, T0 + 5 * MIN);
    expect(due.due).toEqual([{ slug: "app-f", cron: "*/5 * * * *", at: T0 + 5 * MIN }]);
    plan = due.plan;
    expect(nextCronAt(plan)).toBe(T0 + 10 * MIN);
  });

  it("a late look fires only the latest missed tick, never a backlog", () => {
    const { plan } = startCron([fn("app-f", "*/5 * * * *")], T0, never);
    const late = dueCronTicks(plan, T0 + 62 * MIN);
    expect(late.due).toEqual([{ slug: "app-f", cron: "*/5 * * * *", at: T0 + 60 * MIN }]);
    expect(nextCronAt(late.plan)).toBe(T0 + 65 * MIN);
  });

  it("several crons of one function due at the same time are one tick", () => {
    const { plan } = startCron([fn("app-f", "0 * * * *", "*/30 * * * *")], T0, never);
    expect(dueCronTicks(plan, T0 + 30 * MIN).due).toHaveLength(1);
    expect(dueCronTicks(plan, T0 + 60 * MIN).due).toEqual([
      { slug: "app-f", cron: "0 * * * *", at: T0 + 60 * MIN },
    ]);
  });

  it("each function fires its own ticks", () => {
    const { plan } = startCron(
      [fn("app-a", "*/5 * * * *"), fn("app-b", "*/10 * * * *")],
      T0,
      never,
    );
    expect(dueCronTicks(plan, T0 + 10 * MIN).due.map((t) => t.slug)).toEqual(["app-a", "app-b"]);
  });

  it("property: ticks fired are due, in order, at most one per function per look", () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 3 * 60 * MIN }), { maxLength: 30 }),
        (steps) => {
          let plan: CronPlan = startCron(
            [fn("app-f", "*/7 * * * *", "13 */2 * * *")],
            T0,
            never,
          ).plan;
          let now = T0;
          let last = T0;
          for (const step of steps) {
            now += step;
            const result = dueCronTicks(plan, now);
            expect(result.due.length).toBeLessThanOrEqual(1);
            for (const tick of result.due) {
              expect(tick.at).toBeLessThanOrEqual(now);
              expect(tick.at).toBeGreaterThan(last);
              last = tick.at;
            }
            plan = result.plan;
            expect(nextCronAt(plan) ?? Number.POSITIVE_INFINITY).toBeGreaterThan(now);
          }
        },
      ),
    );
  });
});

describe("startCron", () => {
  const functions = [fn("app-f", "0 3 * * *")];
  const now = at("2024-01-05T14:00:00Z");

  it("a function that ran before a tick no process fired catches up that one tick, the latest", () => {
    const { due } = startCron(functions, now, () => at("2024-01-02T03:00:00Z"));
    expect(due).toEqual([{ slug: "app-f", cron: "0 3 * * *", at: at("2024-01-05T03:00:00Z") }]);
  });

  it("a function whose newest run is from the latest tick or later fires nothing now", () => {
    expect(startCron(functions, now, () => at("2024-01-05T03:00:00Z")).due).toEqual([]);
  });

  it("a function that never ran waits for its next tick", () => {
    const { plan, due } = startCron(functions, now, never);
    expect(due).toEqual([]);
    expect(nextCronAt(plan)).toBe(at("2024-01-06T03:00:00Z"));
  });
});
