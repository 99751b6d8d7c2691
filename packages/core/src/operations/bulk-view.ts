import type { BulkCancellation } from "../codecs/bulk-cancellation";

/** A bulk cancellation as the API shows it: the seeds' response fields plus status and counts. */
export interface BulkCancellationView {
  readonly id: string;
  readonly environment_id: string;
  readonly app_id: string;
  readonly function_id: string;
  readonly started_after: string | null;
  readonly started_before: string;
  readonly if: string | null;
  readonly dry_run: boolean;
  readonly status: BulkCancellation["status"];
  readonly matched: number;
  readonly cancelled: number;
  readonly created_at: string;
}

/** Quell has one environment per deployment; the field is kept for the seeds' clients. */
export const ENVIRONMENT_ID = "default";

const iso = (ms: number): string => new Date(ms).toISOString();

export const toBulkView = (record: BulkCancellation): BulkCancellationView => ({
  id: record.id,
  environment_id: ENVIRONMENT_ID,
  app_id: record.app_id,
  function_id: record.function_id,
  started_after: record.started_after === null ? null : iso(record.started_after),
  started_before: iso(record.started_before),
  if: record.if,
  dry_run: record.dry_run,
  status: record.status,
  matched: record.matched,
  cancelled: record.cancelled,
  created_at: iso(record.created_at),
});
