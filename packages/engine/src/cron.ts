import {
  type CronPlan,
  type CronTick,
  cronFunctions,
  dueCronTicks,
  type FunctionTrigger,
  type IngestRequest,
  nextCronAt,
  normalizeEvent,
  type Store,
  scheduledTimerEvent,
  startCron,
} from "@quell/core";
import type { Clock } from "./clock";

export interface CronFirerOptions {
  readonly store: Store;
  readonly clock: Clock;
  /** The functions now (in-process and synced apps'): a new map when they changed. */
  readonly functions: () => ReadonlyMap<string, CronCandidate>;
  readonly newId: () => string;
  /** In a partitioned deployment, whether this partition fires the function's ticks. */
  readonly owns?: ((slug: string) => boolean) | undefined;
}

/** What the firer reads of a function: its slug and its triggers (crons among them). */
interface CronCandidate {
  readonly slug: string;
  readonly triggers: readonly FunctionTrigger[];
}

export interface CronFirer {
  /** Ingest the ticks due now; true if it ingested any (their events are then pending). */
  fire(): Promise<boolean>;
  /** When the next tick is due, for the scheduler's clock; null when none ever is. */
  nextAt(): number | null;
}

/**
 * Fires cron triggers: at each due time, ingests the tick's `inngest/scheduled.timer` event,
 * which starts its one function through the ordinary event pipeline (a paused function's tick
 * makes a Skipped run, as any event does). What is due is the core's (`startCron`,
 * `dueCronTicks`); this performs it. Every process with workers fires every tick, and the
 * tick's event id (`cron:<slug>:<time>`) is the store's dedupe key: one event, one run.
 *
 * The first call looks up, per cron function, when its newest run was created, so a tick
 * missed while no process ran is fired once (the latest only) and a new function waits for its
 * next tick.
 */
export const createCronFirer = (options: CronFirerOptions): CronFirer => {
  const { store, clock, newId } = options;
  let known: ReadonlyMap<string, CronCandidate> | null = null;
  let functions: ReturnType<typeof cronFunctions> = [];
  let signature = "";
  let plan: CronPlan | null = null;

  /**
   * Follow the functions: when the cron functions or their schedules changed (an app synced,
   * re-synced or gone), plan again from the start, as a process that just started does.
   */
  const follow = (): void => {
    const current = options.functions();
    if (current === known) return;
    known = current;
    const { owns } = options;
    const all = cronFunctions(current.values());
    const next = owns === undefined ? all : all.filter((fn) => owns(fn.slug));
    const nextSignature = JSON.stringify(
      next.map((fn) => [fn.slug, fn.triggers.map((t) => t.cron)]),
    );
    if (nextSignature === signature) return;
    functions = next;
    signature = nextSignature;
    plan = null;
  };

  const ingest = async (ticks: readonly CronTick[]): Promise<boolean> => {
    if (ticks.length === 0) return false;
    const at = clock.now();
    const requests = ticks.map((tick): IngestRequest => {
      const event = scheduledTimerEvent(tick);
      const internalId = newId();
      return {
        internalId,
        payload: normalizeEvent(event, internalId, at),
        dedupeKey: event.id,
        receivedAt: at,
      };
    });
    const results = await store.ingest(requests);
    return results.some((result) => result._tag === "Ingested");
  };

  const start = async (): Promise<{
    readonly plan: CronPlan;
    readonly due: readonly CronTick[];
  }> => {
    const newest = new Map<string, number>();
    await Promise.all(
      functions.map(async (fn) => {
        const page = await store.listRuns({ functionId: fn.slug, limit: 1 });
        const run = page.runs[0];
        if (run !== undefined) newest.set(fn.slug, run.createdAt);
      }),
    );
    return startCron(functions, clock.now(), (slug) => newest.get(slug) ?? null);
  };

  return {
    fire: async () => {
      follow();
      if (functions.length === 0) return false;
      const step = plan === null ? await start() : dueCronTicks(plan, clock.now());
      // Moved on once ingested: a store that fails leaves the ticks due for the retried tick,
      // and the dedupe key makes a second ingest of one that landed after all a no-op.
      const ingested = await ingest(step.due);
      plan = step.plan;
      return ingested;
    },
    nextAt: () => (plan === null ? null : nextCronAt(plan)),
  };
};
