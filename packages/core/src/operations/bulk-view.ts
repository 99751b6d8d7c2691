import * as t from "io-ts";
import { described } from "../codecs/annotated";
import { type BulkCancellation, BulkCancellationStatus } from "../codecs/bulk-cancellation";
import { closed, Integer, IsoDateTime, isoTime } from "../codecs/wire";

/** A bulk cancellation as the API shows it: the seeds' response fields plus status and counts. */
export const BulkCancellationView = closed({
  id: t.string,
  environment_id: t.string,
  app_id: t.string,
  function_id: described(t.string, "the function's slug"),
  started_after: t.union([IsoDateTime, t.null]),
  started_before: IsoDateTime,
  if: t.union([t.string, t.null]),
  dry_run: t.boolean,
  status: BulkCancellationStatus,
  matched: described(Integer, "runs the filter selected so far"),
  cancelled: described(Integer, "runs this cancellation cancelled so far"),
  created_at: IsoDateTime,
});
export type BulkCancellationView = t.TypeOf<typeof BulkCancellationView>;

/** Quell has one environment per deployment; the field is kept for the seeds' clients. */
export const ENVIRONMENT_ID = "default";

export const toBulkView = (record: BulkCancellation): BulkCancellationView => ({
  id: record.id,
  environment_id: ENVIRONMENT_ID,
  app_id: record.app_id,
  function_id: record.function_id,
  started_after: record.started_after === null ? null : isoTime(record.started_after),
  started_before: isoTime(record.started_before),
  if: record.if,
  dry_run: record.dry_run,
  status: record.status,
  matched: record.matched,
  cancelled: record.cancelled,
  created_at: isoTime(record.created_at),
});
