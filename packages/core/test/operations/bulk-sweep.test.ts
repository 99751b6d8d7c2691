import { describe, expect, it } from "vitest";
import type { BulkCancellation } from "../../src/codecs/bulk-cancellation";
import { type BulkBatch, recordBulkBatch } from "../../src/operations/bulk-sweep";

const record = (overrides: Partial<BulkCancellation> = {}): BulkCancellation => ({
  id: "bulk-1",
  app_id: "app",
  function_id: "app-fn",
  started_after: null,
  started_before: 1_000,
  if: null,
  dry_run: false,
  status: "running",
  matched: 2,
  cancelled: 1,
  created_at: 500,
  created_pos: 10,
  updated_at: 500,
  cursor: "page-1",
  version: 3,
  ...overrides,
});

const batch: BulkBatch = { from: "page-1", cursor: "page-2", selected: ["r1", "r2", "r3"] };

describe("recording a sweep batch (the engine's and the world's one rule)", () => {
  it("adds the counts and moves the cursor when the record is still where the batch began", () => {
    expect(recordBulkBatch(record(), batch, 2, 900)).toMatchObject({
      matched: 5,
      cancelled: 3,
      cursor: "page-2",
      status: "running",
      updated_at: 900,
      version: 4,
    });
  });

  it("completes the record after its last page", () => {
    const last = { ...batch, cursor: null };
    expect(recordBulkBatch(record(), last, 0, 900)).toMatchObject({
      cursor: null,
      status: "completed",
    });
  });

  it("after another sweeper took the same page, counts this batch's cancellations only", () => {
    const moved = record({ cursor: "page-2", matched: 5, cancelled: 2, version: 4 });
    expect(recordBulkBatch(moved, batch, 1, 900)).toMatchObject({
      matched: 5,
      cancelled: 3,
      cursor: "page-2",
      status: "running",
      version: 5,
    });
  });

  it("after a stop raced the batch, keeps its counts and stays stopped where it was", () => {
    const stopped = record({ status: "stopped", version: 4 });
    expect(recordBulkBatch(stopped, batch, 2, 900)).toMatchObject({
      matched: 5,
      cancelled: 3,
      cursor: "page-1",
      status: "stopped",
    });
  });
});
