import { type Either, left, right } from "fp-ts/lib/Either.js";
import type { BulkCancellation } from "../codecs/bulk-cancellation";
import type { Run } from "../codecs/run";
import { isTerminal } from "../machine/run-machine";
import type { PruneRequest, PruneResult } from "./port";

/**
 * Retention: what a store may delete as of a time. This file is the whole rule; stores only
 * index what it names (`runEndedAt`, `bulkCancellationEndedAt`) and execute `PruneRequest`s
 * in bounded batches. docs/operations.md explains the defaults.
 */

const DAY_MS = 86_400_000;

/** How long things are kept once nothing needs them. */
export interface RetentionPolicy {
  /** Ended runs and ended bulk cancellations, counted from their end. */
  readonly runsMs: number;
  /** Events no run needs (processed, triggered no stored run), counted from their reception. */
  readonly eventsMs: number;
}

/** A week, like the seeds' system's run history on its paid tier (free: 24 h). */
export const DEFAULT_RETENTION_MS = 7 * DAY_MS;

/**
 * The shortest retention accepted. A run must outlive every process that might still act on it
 * (an event processor that lost its lock re-processing the run's trigger relies on `RunExists`,
 * an API caller reading the run it just cancelled), which a lease bounds: leases are seconds.
 */
export const MIN_RETENTION_MS = 60_000;

/**
 * When a run stopped needing to be kept: its end once it is terminal (which is absorbing, and
 * settled: `cancelling` is not terminal), null while it can still change. Stores index runs by
 * this value; a run with none is never pruned.
 */
export const runEndedAt = (run: Pick<Run, "state" | "endedAt">): number | null =>
  isTerminal(run.state) ? run.endedAt : null;

/** A bulk cancellation that stopped sweeping (completed or stopped) ended at its last update. */
export const bulkCancellationEndedAt = (
  record: Pick<BulkCancellation, "status" | "updated_at">,
): number | null => (record.status === "running" ? null : record.updated_at);

/** The batch `policy` allows at `now`: at most `limit` of each kind. */
export const pruneRequest = (
  now: number,
  policy: RetentionPolicy,
  limit: number,
): PruneRequest => ({
  endedBefore: now - policy.runsMs,
  receivedBefore: now - policy.eventsMs,
  now,
  limit,
});

/** True when some kind filled its batch: there may be more to delete as of the same time. */
export const pruneHasMore = (result: PruneResult, limit: number): boolean =>
  result.runs >= limit ||
  result.events >= limit ||
  result.bulkCancellations >= limit ||
  result.dedupeKeys >= limit;

/** A retention duration, checked: a finite number of ms, at least `MIN_RETENTION_MS`. */
export const retentionMs = (
  field: string,
  ms: number | undefined,
): Either<{ readonly field: string; readonly message: string }, number> => {
  if (ms === undefined) return right(DEFAULT_RETENTION_MS);
  if (!Number.isFinite(ms) || ms < MIN_RETENTION_MS) {
    return left({
      field,
      message: `must be at least ${MIN_RETENTION_MS} ms (1 minute), got ${ms}`,
    });
  }
  return right(ms);
};
