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
});
