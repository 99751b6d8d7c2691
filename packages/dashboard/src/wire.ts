// The shapes the pages read are core's view codecs (docs/http.md): imported as types only, so
// nothing of @quell/core reaches the browser bundle.
import type {
  AppView,
  BulkCancellationView,
  FunctionView,
  RunStatus,
  RunView,
  StoredEventView,
  TimelineEntryView,
} from "@quell/core";

export type { RunStatus };
export type Run = RunView;
export type TimelineEntry = TimelineEntryView;
export type QuellFunctionInfo = FunctionView;
export type BulkCancellation = BulkCancellationView;
export type StoredEvent = StoredEventView;
export type App = AppView;

/** Every status, in the order the filter offers them (checked against core's union). */
export const RUN_STATUSES = [
  "Queued",
  "Running",
  "Sleeping",
  "Waiting",
  "Completed",
  "Failed",
  "Cancelled",
  "Skipped",
] as const satisfies readonly RunStatus[];

export const ENDED: readonly RunStatus[] = ["Completed", "Failed", "Cancelled", "Skipped"];
