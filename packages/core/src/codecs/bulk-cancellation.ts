import * as t from "io-ts";

export const BulkCancellationStatus = t.keyof({ running: null, completed: null, stopped: null });
export type BulkCancellationStatus = t.TypeOf<typeof BulkCancellationStatus>;

/**
 * A durable bulk cancellation (SPEC §4.5): the request, its progress, and where its sweep got
 * to (`cursor`), so any process can resume it. Times are epoch ms; the API shows RFC 3339.
 */
export const BulkCancellation = t.type({
  id: t.string,
  app_id: t.string,
  function_id: t.string,
  started_after: t.union([t.number, t.null]),
  started_before: t.number,
  if: t.union([t.string, t.null]),
  dry_run: t.boolean,
  status: BulkCancellationStatus,
  matched: t.number,
  cancelled: t.number,
  created_at: t.number,
  /**
   * The store's last run creation position when the request was made (`Store.lastCreatedPos`):
   * a run that existed then has a `createdPos` no larger, a run created later (even in the
   * same millisecond) a larger one, and is never selected (SPEC §4.5).
   */
  created_pos: t.number,
  updated_at: t.number,
  /** The sweep's position in `listRuns` order; null before the first batch. */
  cursor: t.union([t.string, t.null]),
  version: t.number,
});
export type BulkCancellation = t.TypeOf<typeof BulkCancellation>;
