import {
  type BulkCancellation,
  type BulkCancellationView,
  bulkBatchQuery,
  bulkCancelInput,
  bulkSelection,
  bulkSelects,
  CancellationNotFoundError,
  dryRunRecord,
  planBulkBatch,
  recordBulkBatch,
  requestBulkCancellation,
  stopBulkRecord,
  toBulkView,
  validationError,
} from "@quell/core";
import { allRuns, type OperationsContext } from "./context";

// Bulk cancellation's effects (SPEC §4.5): store reads and writes, the sweep's lock, background
// work. What to select, cancel and record is the core's (`operations/bulk-sweep.ts`), the same
// functions the simulation and the model checker run.

/** Store the record and return it at once; the sweep runs in the background. A dry run counts. */
export const createCancellation = async (
  ctx: OperationsContext,
  request: unknown,
  /** The record's id (a partitioned deployment gives every partition's record the same). */
  id: string = ctx.newId(),
): Promise<BulkCancellationView> => {
  // The runs that exist now, and only they, have a creation position up to this one: however far
  // the processing of their events has got (a batch creates its runs long before it marks its
  // events processed), and however close the next run's creation is.
  const createdPos = await ctx.store.lastCreatedPos();
  const at = { id, now: ctx.clock.now(), createdPos };
  const created = requestBulkCancellation(request, ctx.functions.values(), at);
  if (created._tag === "Left") throw validationError(created.left);
  const record = created.right;
  if (record.dry_run) {
    let matched = 0;
    for await (const run of allRuns(ctx.store, bulkSelection(record)))
      if (bulkSelects(record, run)) matched += 1;
    const done = dryRunRecord(record, matched);
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

/**
 * Sweep one batch at a time, saving the cursor and counts with a version check, so a stop (or
 * another process sweeping the same record) is noticed at the next batch and work resumes from
 * the cursor after a restart. The sweep's lock is renewed on a timer while held, and checked
 * before each batch; a sweeper that lost it (it stalled past its lease and another process took
 * over) stops.
 */
const sweep = async (ctx: OperationsContext, id: string): Promise<void> => {
  for (;;) {
    if (!(await ctx.locks.acquire(sweepLock(id)))) return;
    const record = await ctx.store.getBulkCancellation(id);
    if (record === null || record.status !== "running") return;
    const page = await ctx.store.listRuns(bulkBatchQuery(record, ctx.batchSize));
    const batch = planBulkBatch(record, page);
    let cancelled = 0;
    for (const runId of batch.selected) {
      const result = await ctx.scheduler.apply(runId, () => bulkCancelInput(id, ctx.clock.now()));
      if (result?.outcome._tag === "Applied") cancelled += 1;
    }
    const saved = await update(ctx, id, (current) =>
      recordBulkBatch(current, batch, cancelled, ctx.clock.now()),
    );
    if (saved?.status !== "running") {
      await ctx.scheduler.refreshBoundary();
      await ctx.scheduler.tick();
      return;
    }
  }
};

/**
 * Write `change(record)` over the stored record with a version check, reading again on a
 * conflict. Null: no such record; the record unchanged: `change` had nothing to do.
 */
const update = async (
  ctx: OperationsContext,
  id: string,
  change: (current: BulkCancellation) => BulkCancellation | null,
): Promise<BulkCancellation | null> => {
  for (;;) {
    const current = await ctx.store.getBulkCancellation(id);
    if (current === null) return null;
    const next = change(current);
    if (next === null) return current;
    if ((await ctx.store.putBulkCancellation(next, current.version))._tag === "Right") return next;
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
  const record = await update(ctx, id, (current) => stopBulkRecord(current, ctx.clock.now()));
  if (record === null) throw new CancellationNotFoundError(id);
  if (record.status === "stopped") await ctx.scheduler.refreshBoundary();
  return toBulkView(record);
};
