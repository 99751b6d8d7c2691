import type { EventInput } from "../codecs/event";
import { isoTime } from "../codecs/wire";
import type { CronTrigger, FunctionTrigger } from "../config/triggers";
import { nextCronTime, previousCronTime } from "./cron-schedule";

/** The event a cron tick ingests, named as the seeds' system names it. */
export const SCHEDULED_TIMER = "inngest/scheduled.timer";

/** One tick to fire: the function it starts, the cron that is due, and its scheduled time. */
export interface CronTick {
  readonly slug: string;
  readonly cron: string;
  readonly at: number;
}

/** What a function with cron triggers needs to know to fire them. */
export interface CronFunction {
  readonly slug: string;
  readonly triggers: readonly CronTrigger[];
}

/** The functions that have cron triggers, with those triggers only. */
export const cronFunctions = (
  functions: Iterable<{ readonly slug: string; readonly triggers: readonly FunctionTrigger[] }>,
): CronFunction[] => {
  const found: CronFunction[] = [];
  for (const fn of functions) {
    const crons = fn.triggers.filter((t): t is CronTrigger => t._tag === "Cron");
    if (crons.length > 0) found.push({ slug: fn.slug, triggers: crons });
  }
  return found;
};

/**
 * When each function's next tick is due: the state a process keeps between two looks at the
 * clock. Pure data; `dueCronTicks` moves it on.
 */
export interface CronPlan {
  readonly entries: readonly { readonly fn: CronFunction; readonly next: number | null }[];
}

/**
 * The id of a tick's event, `cron:<slug>:<scheduled time, ISO>`. It is also the event's dedupe
 * key, so every process sharing a store that fires the same tick ingests it once, and it names
 * the one function the event starts (`cronTickTarget`).
 */
export const cronTickId = (slug: string, at: number): string => `cron:${slug}:${isoTime(at)}`;

const TICK_ID = /^cron:(.+):(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z)$/;

/** The slug a tick's event id names, or null for any other id. */
export const cronTickTarget = (eventId: string): string | null =>
  TICK_ID.exec(eventId)?.[1] ?? null;

/** The `inngest/scheduled.timer` event of a tick: data `{ cron }` as the seeds' system sends it. */
export const scheduledTimerEvent = (tick: CronTick): EventInput & { readonly id: string } => ({
  name: SCHEDULED_TIMER,
  data: { cron: tick.cron },
  id: cronTickId(tick.slug, tick.at),
  ts: tick.at,
});

const nextOf = (fn: CronFunction, after: number): number | null => {
  let next: number | null = null;
  for (const trigger of fn.triggers) {
    const at = nextCronTime(trigger.schedule, after);
    if (at !== null && (next === null || at < next)) next = at;
  }
  return next;
};

/** The latest tick of any of `fn`'s crons at or before `now`, with the cron it belongs to. */
const latestTick = (fn: CronFunction, now: number): CronTick | null => {
  let latest: CronTick | null = null;
  for (const trigger of fn.triggers) {
    const at = previousCronTime(trigger.schedule, now);
    if (at !== null && (latest === null || at > latest.at)) {
      latest = { slug: fn.slug, cron: trigger.cron, at };
    }
  }
  return latest;
};

/**
 * A process starts firing crons at `now`. `lastRunAt(slug)` is when the function's newest run
 * was created (null: it has none). A tick missed while no process ran is fired once, the latest
 * one only, and only for a function that had run before it: a function that never ran (new, or
 * its runs all deleted by retention) starts with its next tick, as a new cron job does.
 */
export const startCron = (
  functions: readonly CronFunction[],
  now: number,
  lastRunAt: (slug: string) => number | null,
): { readonly plan: CronPlan; readonly due: readonly CronTick[] } => {
  const due: CronTick[] = [];
  for (const fn of functions) {
    const latest = latestTick(fn, now);
    const last = lastRunAt(fn.slug);
    if (latest !== null && last !== null && last < latest.at) due.push(latest);
  }
  return {
    plan: { entries: functions.map((fn) => ({ fn, next: nextOf(fn, now) })) },
    due,
  };
};

/**
 * The ticks due at `now` and the plan after them. A function whose tick came while the process
 * was not looking (a stall, a suspended machine, virtual time moved far ahead) fires once, for
 * its latest tick: missed ticks are never fired as a backlog. Several crons of one function due
 * at the same time are one tick (one run).
 */
export const dueCronTicks = (
  plan: CronPlan,
  now: number,
): { readonly plan: CronPlan; readonly due: readonly CronTick[] } => {
  const due: CronTick[] = [];
  const entries = plan.entries.map((entry) => {
    if (entry.next === null || entry.next > now) return entry;
    const tick = latestTick(entry.fn, now);
    if (tick !== null) due.push(tick);
    return { fn: entry.fn, next: nextOf(entry.fn, now) };
  });
  return { plan: { entries }, due };
};

/** The earliest time a tick is due, for a process to sleep until; null when none ever is. */
export const nextCronAt = (plan: CronPlan): number | null => {
  let next: number | null = null;
  for (const entry of plan.entries) {
    if (entry.next !== null && (next === null || entry.next < next)) next = entry.next;
  }
  return next;
};
