import { makeListener, makeRun, makeWrite } from "@quell/conformance";
import type { Listener } from "@quell/core";
import { describe, expect, it } from "vitest";
import { memoryStore } from "../src/index";

const RUNS = 100_000;

// Correctness at a size where a scan would show; timings live in benchmarks, not here.
describe("memoryStore with many sleeping runs", () => {
  it("finds keyed listeners and due timers among 100k sleeping runs", async () => {
    const store = memoryStore();
    const hot: Listener[] = [];
    for (let i = 0; i < RUNS; i++) {
      const run = makeRun({ id: `run-${i}`, state: "sleeping", createdAt: i });
      const listener = makeListener({
        id: `lis-${i}`,
        runId: run.id,
        event: "order/cancelled",
        index: { signature: "data.orderId", key: `order-${i % 25_000}` },
      });
      if (i % 25_000 === 7) hot.push(listener);
      await store.createRun(
        makeWrite(run, { addListeners: [listener], timer: 1_000_000 + (i % 1_000) * 1_000 }),
      );
    }
    const found = await store.findListeners("order/cancelled", () => "order-7");
    expect(found.map((l) => l.id).sort()).toEqual(hot.map((l) => l.id).sort());
    expect(await store.nextDueAt()).toBe(1_000_000);
    const due = await store.dueTimers(1_000_000, 1_000);
    expect(due).toHaveLength(RUNS / 1_000);
    expect(await store.dueTimers(999_999, 10)).toEqual([]);
    const page = await store.listRuns({ limit: 2, createdBefore: 100 });
    expect(page.runs.map((r) => r.id)).toEqual(["run-100", "run-99"]);
  });
});
