// The shapes the pages read (docs/http.md): snake_case, ISO times.
export const RUN_STATUSES = [
  "Queued",
  "Running",
  "Sleeping",
  "Waiting",
  "Completed",
  "Failed",
  "Cancelled",
  "Skipped",
] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

export interface WireEvent {
  readonly name: string;
  readonly id: string;
  readonly data: unknown;
  readonly ts: number;
}

export interface Cancellation {
  readonly source: string;
  readonly at: string;
  readonly reason?: string;
  readonly event_id?: string;
  readonly cancellation_id?: string;
  readonly parent_run_id?: string;
  readonly [key: string]: unknown;
}

export interface TimelineEntry {
  readonly at: string;
  readonly type: string;
  readonly step?: string;
  readonly detail?: string;
}

export interface Run {
  readonly id: string;
  readonly function_id: string;
  readonly app_id: string;
  readonly status: RunStatus;
  readonly output: unknown;
  readonly error: unknown;
  readonly created_at: string;
  readonly started_at: string | null;
  readonly ended_at: string | null;
  readonly cancellation: Cancellation | null;
  readonly original_run_id: string | null;
  readonly event: WireEvent;
  readonly timeline?: readonly TimelineEntry[];
}

export interface CancelOn {
  readonly event: string;
  readonly match: string | null;
  readonly if: string | null;
  readonly timeout: string | null;
}

export interface QuellFunctionInfo {
  readonly function_id: string;
  readonly id: string;
  readonly app_id: string;
  readonly name: string;
  readonly trigger: { readonly event: string; readonly if: string | null };
  readonly cancel_on: readonly CancelOn[];
  readonly retries: number;
  readonly paused: boolean;
}

export interface BulkCancellation {
  readonly id: string;
  readonly app_id: string;
  readonly function_id: string;
  readonly started_after: string | null;
  readonly started_before: string;
  readonly if: string | null;
  readonly dry_run: boolean;
  readonly status: "running" | "completed" | "stopped";
  readonly matched: number;
  readonly cancelled: number;
  readonly created_at: string;
}

export const ENDED: readonly RunStatus[] = ["Completed", "Failed", "Cancelled", "Skipped"];
