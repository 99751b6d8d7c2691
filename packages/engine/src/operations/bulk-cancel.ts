import {
  type BulkCancellation,
  type BulkCancellationView,
  bulkSelects,
  CancellationNotFoundError,
  newBulkRecord,
  QuellValidationError,
  toBulkView,
  validateBulkRequest,
} from "@quell/core";
import { ACTIVE_STATES, allRuns, type OperationsContext } from "./context";

/**
 * Start a bulk cancellation (SPEC §4.5): validate, store the durable record, and return it at
 * once; the sweep runs in the background in batches. A dry run counts and cancels nothing.
 */
export const createCancellation = async (
  ctx: OperationsContext,
  request: unknown,
): Promise<BulkCancellationView> => {
  const now = ctx.clock.now();
  const valid = validateBulkRequest(request, ctx.functions.values(), now);
  if (valid._tag === "Left")
    throw new QuellValidationError(valid.left.field, valid.left.message, valid.left.position);
  // The runs that exist now, and only they, have a creation position up to this one: however far
  // the processing of their events has got (a batch creates its runs long before it marks its
  // events processed), and however close the next run's creation is.
  const createdPos = await ctx.store.lastCreatedPos();
  const record = newBulkRecord(ctx.newId(), valid.right, now, createdPos);
  if (record.dry_run) {
    let matched = 0;
    for await (const run of allRuns(ctx.store, selection(record)))
      if (bulkSelects(record, run)) matched += 1;
    const done: BulkCancellation = { ...record, status: "completed", matched };
    await ctx.store.putBulkCancellation(done, null);
    return toBulkView(done);
  }
  await ctx.store.putBulkCancellation(record, null);
  await ctx.scheduler.refreshBoundary();
  // An API-only process leaves the sweep to the workers: each starts it at its next tick.
  if (ctx.workers) startSweep(ctx, record.id);
  return toBulkView(record);
};

const sweepLock = (id: string): string => `bulk:${id}`;

/**
 * Sweep a bulk cancellation in the background if no process holds its lock: the one that
 * created it, or any process that finds it still `running` after its sweeper died.
 */
const startSweep = (ctx: OperationsContext, id: string): void => {
  if (ctx.sweeping.has(id)) return;
  ctx.sweeping.add(id);
  const work = async (): Promise<void> => {
    try {
      if (await ctx.locks.acquire(sweepLock(id))) await sweep(ctx, id);
    } finally {
      ctx.sweeping.delete(id);
      await ctx.locks.release(sweepLock(id));
    }
  };
  ctx.scheduler.track(work());
};

/** Resume the sweeps of running bulk cancellations that no process is sweeping (called each tick). */
export const resumeSweeps = (ctx: OperationsContext, active: readonly BulkCancellation[]): void => {
  for (const record of active) startSweep(ctx, record.id);
};

const selection = (record: BulkCancellation) => ({
  functionId: record.function_id,
  states: ACTIVE_STATES,
  createdBefore: record.started_before,
  ...(record.started_after !== null ? { createdAfter: record.started_after } : {}),
});

/**
 * Sweep one batch at a time, saving the cursor and counts with a version check, so a stop (or
 * another process sweeping the same record) is noticed at the next batch and work resumes from
 * the cursor after a restart. The sweep's lock is renewed on a timer while held, and checked
 * before each batch; a sweeper that lost it (it stalled past its lease and another process took
 * over) stops. A batch's counts are kept even when a stop raced it.
 */
const sweep = async (ctx: OperationsContext, id: string): Promise<void> => {
  for (;;) {
    if (!(await ctx.locks.acquire(sweepLock(id)))) return;
    const record = await ctx.store.getBulkCancellation(id);
    if (record === null || record.status !== "running") return;
    const page = await ctx.store.listRuns({
      ...selection(record),
      ...(record.cursor !== null ? { cursor: record.cursor } : {}),
      limit: ctx.batchSize,
    });
    let matched = 0;
    let cancelled = 0;
    for (const run of page.runs) {
      if (!bulkSelects(record, run)) continue;
      matched += 1;
      const result = await ctx.scheduler.apply(run.id, () => ({
        _tag: "Cancel",
        at: ctx.clock.now(),
        cancellation: { source: "bulk", at: ctx.clock.now(), cancellation_id: id },
      }));
      if (result?.outcome._tag === "Applied") cancelled += 1;
    }
    const status = await saveBatch(ctx, id, {
      from: record.cursor,
      matched,
      cancelled,
      cursor: page.cursor,
    });
    if (status !== "running") {
      await ctx.scheduler.refreshBoundary();
      await ctx.scheduler.tick();
      return;
    }
  }
};

/**
 * Add a batch's counts; advance the cursor (and complete) only while the record is still
 * running. If the cursor moved since the batch began, another process swept the same runs too:
 * only this batch's cancellations count (each Cancel applies once), not its matches.
 */
const saveBatch = async (
  ctx: OperationsContext,
  id: string,
  batch: {
    readonly from: string | null;
    readonly matched: number;
    readonly cancelled: number;
    readonly cursor: string | null;
  },
): Promise<BulkCancellation["status"] | null> => {
  for (;;) {
    const current = await ctx.store.getBulkCancellation(id);
    if (current === null) return null;
    const mine = current.cursor === batch.from;
    const advance = current.status === "running" && mine;
    const next: BulkCancellation = {
      ...current,
      matched: current.matched + (mine ? batch.matched : 0),
      cancelled: current.cancelled + batch.cancelled,
      ...(advance
        ? { cursor: batch.cursor, status: batch.cursor === null ? "completed" : "running" }
        : {}),
      updated_at: ctx.clock.now(),
      version: current.version + 1,
    };
    if ((await ctx.store.putBulkCancellation(next, current.version))._tag === "Right")
      return next.status;
  }
};

export const getCancellation = async (
  ctx: OperationsContext,
  id: string,
): Promise<BulkCancellationView | null> => {
  const record = await ctx.store.getBulkCancellation(id);
  return record === null ? null : toBulkView(record);
};

export const listCancellations = async (ctx: OperationsContext): Promise<BulkCancellationView[]> =>
  (await ctx.store.listBulkCancellations()).map(toBulkView);

/** Stop a sweep; runs it already cancelled stay cancelled. Stopping an ended one changes nothing. */
export const stopCancellation = async (
  ctx: OperationsContext,
  id: string,
): Promise<BulkCancellationView> => {
  for (;;) {
    const record = await ctx.store.getBulkCancellation(id);
    if (record === null) throw new CancellationNotFoundError(id);
    if (record.status !== "running") return toBulkView(record);
    const stopped: BulkCancellation = {
      ...record,
      status: "stopped",
      updated_at: ctx.clock.now(),
      version: record.version + 1,
    };
    if ((await ctx.store.putBulkCancellation(stopped, record.version))._tag === "Right") {
      await ctx.scheduler.refreshBoundary();
      return toBulkView(stopped);
    }
  }
};
