import type { BulkCancellation } from "../codecs/bulk-cancellation";
import type { RunInput } from "../reducer/effects";
import type { ListRunsFilter, RunPage } from "../store/port";
import { bulkSelects } from "./bulk-request";
import { ACTIVE_STATES } from "./statuses";

// A bulk cancellation's sweep as pure steps: the engine (store, locks, background work) and the
// reference world (the simulation, the model checker) both run it through these, so they read
// the same pages, cancel the same runs and keep the same counts.

/** Every run a bulk cancellation may select: its function's runs not ended, created in its window. */
export const bulkSelection = (
  record: BulkCancellation,
): Omit<ListRunsFilter, "cursor" | "limit"> => ({
  functionId: record.function_id,
  states: ACTIVE_STATES,
  createdBefore: record.started_before,
  ...(record.started_after !== null ? { createdAfter: record.started_after } : {}),
});

/** The page of the record's next batch: from its cursor, `batchSize` runs, newest first. */
export const bulkBatchQuery = (record: BulkCancellation, batchSize: number): ListRunsFilter => ({
  ...bulkSelection(record),
  ...(record.cursor !== null ? { cursor: record.cursor } : {}),
  limit: batchSize,
});

/** One batch of a sweep: the runs of a page that the record selects, and where the next page starts. */
export interface BulkBatch {
  /** The record's cursor when the page was read. */
  readonly from: string | null;
  /** The next page's cursor; null: this page was the last. */
  readonly cursor: string | null;
  /** Ids of the runs to cancel (SPEC §7.6: exactly those `bulkSelects` admits). */
  readonly selected: readonly string[];
}

export const planBulkBatch = (record: BulkCancellation, page: RunPage): BulkBatch => ({
  from: record.cursor,
  cursor: page.cursor,
  selected: page.runs.filter((run) => bulkSelects(record, run)).map((run) => run.id),
});

/** The input that cancels a run for a bulk cancellation (in a sweep or at a step boundary). */
export const bulkCancelInput = (bulkId: string, at: number): RunInput => ({
  _tag: "Cancel",
  at,
  cancellation: { source: "bulk", at, cancellation_id: bulkId },
});

/**
 * The record after a batch, from the record as stored now: its counts added; its cursor moved
 * (and the record completed after the last page) only while it is still running and still at
 * the batch's starting cursor. Otherwise a stop raced the batch (its counts are kept), or
 * another process swept the same page: then only this batch's cancellations count (each Cancel
 * applies once), not its matches.
 */
export const recordBulkBatch = (
  current: BulkCancellation,
  batch: BulkBatch,
  cancelled: number,
  now: number,
): BulkCancellation => {
  const mine = current.cursor === batch.from;
  const advance = current.status === "running" && mine;
  return {
    ...current,
    matched: current.matched + (mine ? batch.selected.length : 0),
    cancelled: current.cancelled + cancelled,
    ...(advance
      ? { cursor: batch.cursor, status: batch.cursor === null ? "completed" : "running" }
      : {}),
    updated_at: now,
    version: current.version + 1,
  };
};

/** A dry run's record: its selection counted, nothing cancelled, completed at once. */
export const dryRunRecord = (record: BulkCancellation, matched: number): BulkCancellation => ({
  ...record,
  status: "completed",
  matched,
});

/** The record stopped, or null when it already ended (stopping it changes nothing). */
export const stopBulkRecord = (record: BulkCancellation, now: number): BulkCancellation | null =>
  record.status !== "running"
    ? null
    : { ...record, status: "stopped", updated_at: now, version: record.version + 1 };
