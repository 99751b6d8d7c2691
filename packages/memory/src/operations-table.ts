import {
  type App,
  type BulkCancellation,
  bulkCancellationEndedAt,
  type StoreError,
} from "@quell/core";
import { type Either, left, right } from "fp-ts/lib/Either.js";
import { ScheduleHeap } from "./heap";

/** Bulk cancellations (versioned records), paused functions and synced apps. */
export class OperationsTable {
  private readonly cancellations = new Map<string, BulkCancellation>();
  private readonly paused = new Set<string>();
  private readonly apps = new Map<string, App>();
  /** Ended bulk cancellations by `bulkCancellationEndedAt`, for retention. */
  private readonly ended = new ScheduleHeap();

  put(record: BulkCancellation, expectedVersion: number | null): Either<StoreError, void> {
    const stored = this.cancellations.get(record.id);
    const actual = stored === undefined ? null : stored.version;
    if (actual !== expectedVersion) {
      return left({ _tag: "CancellationConflict", id: record.id, expected: expectedVersion });
    }
    this.cancellations.set(record.id, record);
    const endedAt = bulkCancellationEndedAt(record);
    if (endedAt === null) this.ended.delete(record.id);
    else this.ended.set(record.id, endedAt);
    return right(undefined);
  }

  /** Delete up to `limit` bulk cancellations that ended before `bound`, earliest first. */
  prune(bound: number, limit: number): number {
    const ids = this.ended.takeBefore(bound, limit);
    for (const id of ids) this.cancellations.delete(id);
    return ids.length;
  }

  get(id: string): BulkCancellation | null {
    return this.cancellations.get(id) ?? null;
  }

  /** Newest first: ids are ULIDs, so descending id is descending creation. */
  list(): BulkCancellation[] {
    return [...this.cancellations.values()].sort(
      (a, b) => b.created_at - a.created_at || (a.id < b.id ? 1 : -1),
    );
  }

  setPaused(functionId: string, paused: boolean): void {
    if (paused) this.paused.add(functionId);
    else this.paused.delete(functionId);
  }

  pausedFunctions(): ReadonlySet<string> {
    return new Set(this.paused);
  }

  putApp(app: App): void {
    this.apps.set(app.id, app);
  }

  /** By id. */
  listApps(): App[] {
    return [...this.apps.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }
}
