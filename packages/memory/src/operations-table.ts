import type { BulkCancellation, StoreError } from "@quell/core";
import { type Either, left, right } from "fp-ts/lib/Either.js";

/** Bulk cancellations (versioned records) and paused functions. */
export class OperationsTable {
  private readonly cancellations = new Map<string, BulkCancellation>();
  private readonly paused = new Set<string>();

  put(record: BulkCancellation, expectedVersion: number | null): Either<StoreError, void> {
    const stored = this.cancellations.get(record.id);
    const actual = stored === undefined ? null : stored.version;
    if (actual !== expectedVersion) {
      return left({ _tag: "CancellationConflict", id: record.id, expected: expectedVersion });
    }
    this.cancellations.set(record.id, record);
    return right(undefined);
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
}
