import { describe, expect, it } from "vitest";
import { type Op, type Run, type RunContext, reduceRun } from "../../src/index";
import { hash, queuedRun } from "../support/runs";

// The timeline entries a commit adds: stamped with the input's time, in the key order
// `at, type, step, detail` (what a store that serialises runs writes), without absent keys.

const ctx: RunContext = {
  retries: 2,
  cancelListenerIds: [],
  leaseMs: 1_000,
  timeouts: { start: null, finish: null },
};
const running: Run = { ...queuedRun, state: "running" };
const added = (run: Run, op: Op, at: number) => {
  const r = reduceRun(run, { _tag: "OpReported", at, op, seq: 1, epoch: run.leaseEpoch }, ctx);
  expect(r.outcome._tag).toBe("Applied");
  return r.run.timeline.slice(run.timeline.length);
};
const withKeys = (entries: readonly object[]) =>
  entries.map((entry) => [Object.keys(entry), entry]);

describe("timeline entries", () => {
  it("a claim adds { at, type }", () => {
    const r = reduceRun(queuedRun, { _tag: "LeaseGranted", at: 7, expired: false }, ctx);
    const entries = r.run.timeline.slice(queuedRun.timeline.length);
    expect(withKeys(entries)).toEqual([[["at", "type"], { at: 7, type: "started" }]]);
  });

  it("a planned step adds { at, type, step }", () => {
    const op: Op = { op: "StepPlanned", id: "s", hash, kind: "run", events: [] };
    expect(withKeys(added(running, op, 8))).toEqual([
      [["at", "type", "step"], { at: 8, type: "step.started", step: "s" }],
    ]);
  });

  it("a retried run error adds { at, type, detail }", () => {
    const error = { name: "Error", message: "boom" };
    const op: Op = { op: "RunError", error, retriable: true };
    expect(withKeys(added(running, op, 9))).toEqual([
      [["at", "type", "detail"], { at: 9, type: "run.errored", detail: "boom (retry 1 of 2)" }],
    ]);
  });

  it("a sleep adds { at, type, step, detail }", () => {
    const op: Op = { op: "Sleep", id: "s", hash, until: 86_400_000 };
    const detail = "until 1970-01-02T00:00:00.000Z";
    expect(withKeys(added(running, op, 10))).toEqual([
      [["at", "type", "step", "detail"], { at: 10, type: "sleeping", step: "s", detail }],
    ]);
  });
});
