import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ScheduleHeap } from "../src/heap";

/** The heap's meaning: one time per key; due keys earliest first, then by key. */
const naiveDue = (items: Map<string, number>, now: number, limit: number): string[] =>
  [...items.entries()]
    .filter(([, at]) => at <= now)
    .sort(([ka, a], [kb, b]) => a - b || (ka < kb ? -1 : ka > kb ? 1 : 0))
    .slice(0, Math.max(0, limit))
    .map(([key]) => key);

const op = fc.oneof(
  fc.record({ kind: fc.constant("set" as const), key: fc.nat(30), at: fc.nat(100) }),
  fc.record({ kind: fc.constant("delete" as const), key: fc.nat(30) }),
  fc.record({ kind: fc.constant("due" as const), now: fc.nat(110), limit: fc.nat(8) }),
  fc.record({ kind: fc.constant("take" as const), now: fc.nat(110), limit: fc.nat(8) }),
);

describe("ScheduleHeap", () => {
  it("behaves like a map of due times under any sequence of operations", () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 400 }), (ops) => {
        const heap = new ScheduleHeap();
        const naive = new Map<string, number>();
        for (const o of ops) {
          if (o.kind === "set") {
            heap.set(`k${o.key}`, o.at);
            naive.set(`k${o.key}`, o.at);
          } else if (o.kind === "delete") {
            heap.delete(`k${o.key}`);
            naive.delete(`k${o.key}`);
          } else if (o.kind === "due") {
            expect(heap.due(o.now, o.limit)).toEqual(naiveDue(naive, o.now, o.limit));
          } else {
            const expected = naiveDue(naive, o.now, o.limit);
            for (const key of expected) naive.delete(key);
            expect(heap.take(o.now, o.limit)).toEqual(expected);
          }
          expect(heap.size).toBe(naive.size);
          const min = naive.size === 0 ? null : Math.min(...naive.values());
          expect(heap.peekAt()).toBe(min);
        }
      }),
      { numRuns: 200 },
    );
  });

  it("stays correct when one key is rescheduled many times (compaction)", () => {
    const heap = new ScheduleHeap();
    for (let i = 0; i < 10_000; i++) heap.set("sleeper", 10_000 - i);
    heap.set("other", 5);
    expect(heap.size).toBe(2);
    expect(heap.due(Number.MAX_SAFE_INTEGER, 10)).toEqual(["sleeper", "other"]);
    expect(heap.peekAt()).toBe(1);
    heap.delete("sleeper");
    expect(heap.take(Number.MAX_SAFE_INTEGER, 10)).toEqual(["other"]);
    expect(heap.peekAt()).toBeNull();
  });
});
