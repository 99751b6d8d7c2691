import type { Run } from "@quell/core";
import { describe, expect, it } from "vitest";
import { invariantViolations } from "./support/checks";
import type { HistoryRecord } from "./support/recorder";

// The history checks themselves: a start record that landed late (retried while Redis was full
// or down) is judged by when its code began, against the run's timeline.

const run = (timeline: Run["timeline"]): Run =>
  ({
    id: "r1",
    functionId: "mp-work",
    state: "completed",
    steps: {},
    timeline: [...timeline, { at: 90, type: "completed" }],
  }) as unknown as Run;

const start = (token: string, at: number | undefined, cm: 0 | 1): HistoryRecord => ({
  k: "start",
  run: "r1",
  step: "s3",
  token,
  w: "a",
  st: "completed",
  cx: 0,
  cm,
  fl: 0,
  ...(at === undefined ? {} : { late: { at } }),
});

const events = { cancelled: new Map<string, number>(), finished: new Map([["r1", 1]]) };
const timeline: Run["timeline"] = [
  { at: 10, type: "step.started", step: "s3" },
  { at: 50, type: "step.completed", step: "s3" },
];

describe("history checks", () => {
  it("accept a late record whose code began before the step's result committed", () => {
    const found = invariantViolations([run(timeline)], [start("a:1", 20, 1)], events, "cleanup");
    expect(found).toEqual([]);
  });

  it("report a late record whose code began after the step's result committed", () => {
    const found = invariantViolations([run(timeline)], [start("a:1", 60, 1)], events, "cleanup");
    expect(found).toEqual(["r1: step s3 recomputed after its result committed"]);
  });

  it("report a record that landed on time after the result committed", () => {
    const found = invariantViolations(
      [run(timeline)],
      [start("a:1", undefined, 1)],
      events,
      "cleanup",
    );
    expect(found).toEqual(["r1: step s3 recomputed after its result committed"]);
  });

  describe("a step that ends after the cleanup of its cancelled run", () => {
    const cancelledRun = (entries: Run["timeline"]): Run =>
      ({
        id: "r2",
        functionId: "mp-work",
        state: "cancelled",
        steps: {},
        timeline: [
          { at: 10, type: "step.started", step: "s1" },
          { at: 20, type: "cancel.requested" },
          ...entries,
          { at: 40, type: "cancelled" },
        ],
      }) as unknown as Run;
    const record = (k: HistoryRecord["k"], step: string): HistoryRecord => ({
      k,
      run: "r2",
      step,
      token: k === "cleanup" ? "b:1" : "a:1",
      w: k === "cleanup" ? "b" : "a",
      st: k === "cleanup" ? "cancelled" : "cancelling",
      cx: 1,
      cm: 0,
      fl: 1,
    });
    // The start, then the cleanup, then the end of the step's code.
    const history = [record("start", "s1"), record("cleanup", "cleanup"), record("end", "s1")];
    const cancelled = { cancelled: new Map([["r2", 1]]), finished: new Map([["r2", 1]]) };

    it("is reported when the run settled without its worker being presumed dead", () => {
      const found = invariantViolations([cancelledRun([])], history, cancelled, "cleanup");
      expect(found).toEqual([
        "r2: step s1 (started at 0) ended after the cleanup ran; timeline step.started:s1@10 cancel.requested@20 cancelled@40",
      ]);
    });

    it("is accepted when the run's lease was taken over after the step started (SPEC §7.10)", () => {
      const takenOver = cancelledRun([{ at: 30, type: "lease.expired" }]);
      expect(invariantViolations([takenOver], history, cancelled, "cleanup")).toEqual([]);
    });
  });
});
