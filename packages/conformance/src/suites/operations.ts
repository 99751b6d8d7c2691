import type { BulkCancellation } from "@quell/core";
import { describe, expect, it } from "vitest";
import { makeIngest } from "../fixtures";
import type { Harness } from "../harness";

export const makeBulkCancellation = (
  overrides: Partial<BulkCancellation> = {},
): BulkCancellation => ({
  id: "01HMRMPE5ZQ4AMNJ3S2N79QGRZ",
  app_id: "acme-app",
  function_id: "acme-app-schedule-reminder",
  started_after: 1_000,
  started_before: 2_000,
  if: "event.data.userId == 'user_o9235hf84hf'",
  dry_run: false,
  status: "running",
  matched: 0,
  cancelled: 0,
  created_at: 3_000,
  created_pos: 42,
  updated_at: 3_000,
  cursor: null,
  version: 1,
  ...overrides,
});

export const operationsTests = ({ fresh }: Harness): void => {
  describe("bulk cancellations", () => {
    it("creates a record once and reads it back whole", async () => {
      const store = await fresh();
      const record = makeBulkCancellation();
      expect((await store.putBulkCancellation(record, null))._tag).toBe("Right");
      expect(await store.getBulkCancellation(record.id)).toEqual(record);
      const again = await store.putBulkCancellation({ ...record, matched: 9 }, null);
      expect(again).toEqual({
        _tag: "Left",
        left: { _tag: "CancellationConflict", id: record.id, expected: null },
      });
      expect(await store.getBulkCancellation(record.id)).toEqual(record);
    });

    it("updates only from the stored version, so two sweepers cannot both write", async () => {
      const store = await fresh();
      const record = makeBulkCancellation();
      await store.putBulkCancellation(record, null);
      const first = { ...record, cancelled: 5, cursor: "c1", version: 2 };
      const stale = { ...record, cancelled: 3, cursor: "c0", version: 2 };
      expect((await store.putBulkCancellation(first, 1))._tag).toBe("Right");
      expect((await store.putBulkCancellation(stale, 1))._tag).toBe("Left");
      expect(await store.getBulkCancellation(record.id)).toEqual(first);
    });

    it("answers null for an unknown id and lists newest first", async () => {
      const store = await fresh();
      expect(await store.getBulkCancellation("nope")).toBeNull();
      await store.putBulkCancellation(makeBulkCancellation({ id: "A", created_at: 1 }), null);
      await store.putBulkCancellation(makeBulkCancellation({ id: "C", created_at: 3 }), null);
      await store.putBulkCancellation(makeBulkCancellation({ id: "B", created_at: 2 }), null);
      expect((await store.listBulkCancellations()).map((r) => r.id)).toEqual(["C", "B", "A"]);
    });
  });

  describe("paused functions", () => {
    it("pauses and resumes by slug, idempotently", async () => {
      const store = await fresh();
      expect([...(await store.pausedFunctions())]).toEqual([]);
      await store.setFunctionPaused("app-a", true);
      await store.setFunctionPaused("app-a", true);
      await store.setFunctionPaused("app-b", true);
      expect([...(await store.pausedFunctions())].sort()).toEqual(["app-a", "app-b"]);
      await store.setFunctionPaused("app-a", false);
      await store.setFunctionPaused("app-c", false);
      expect([...(await store.pausedFunctions())]).toEqual(["app-b"]);
    });
  });

  describe("health", () => {
    it("answers a ping when it can serve requests", async () => {
      const store = await fresh();
      await expect(store.ping()).resolves.toBeUndefined();
      await store.ingest([makeIngest()]);
      await expect(store.ping()).resolves.toBeUndefined();
    });
  });
};
