import {
  type BulkCancellation,
  BulkCancellationView,
  CancellationView,
  Run,
  RunView,
  toBulkView,
  toRunView,
} from "@quell/core";
import fc from "fast-check";
import { isRight } from "fp-ts/lib/Either.js";
import { describe, expect, it } from "vitest";
import { runArbitrary } from "./run-arbitrary";

/** Every key of a view outside what users wrote (event data, user, outputs), with its value. */
const quellKeys = (value: unknown, key = ""): [string, unknown][] => {
  if (Array.isArray(value)) return value.flatMap((item) => quellKeys(item, key));
  if (typeof value !== "object" || value === null) return [];
  return Object.entries(value).flatMap(([k, v]) => [
    [k, v] as [string, unknown],
    ...(["data", "user", "output"].includes(k) ? [] : quellKeys(v, k)),
  ]);
};

describe("the run view", () => {
  it("is what its codec says, and survives an encode/decode round trip", () => {
    fc.assert(
      fc.property(runArbitrary, (run) => {
        expect(isRight(Run.decode(run))).toBe(true);
        const view = toRunView(run);
        expect(RunView.is(view)).toBe(true);
        const decoded = RunView.decode(JSON.parse(JSON.stringify(RunView.encode(view))));
        expect(decoded).toEqual({ _tag: "Right", right: view });
      }),
    );
  });

  it("shows every time as an ISO string that names the stored instant", () => {
    fc.assert(
      fc.property(runArbitrary, (run) => {
        const view = toRunView(run);
        expect(Date.parse(view.created_at)).toBe(run.createdAt);
        expect(view.timeline.map((e) => Date.parse(e.at))).toEqual(run.timeline.map((e) => e.at));
        if (run.cancellation !== null) {
          expect(Date.parse(view.cancellation?.at ?? "")).toBe(run.cancellation.at);
        }
        for (const [key, value] of quellKeys(view)) {
          if (/(^|_)at$/.test(key)) expect(typeof value, key).not.toBe("number");
        }
      }),
    );
  });

  it("names every field in snake_case", () => {
    fc.assert(
      fc.property(runArbitrary, (run) => {
        for (const [key] of quellKeys(toRunView(run))) expect(key).toMatch(/^[a-z][a-z0-9_]*$/);
      }),
    );
  });

  it("marks a step settled after cancellation, and every other step not", () => {
    fc.assert(
      fc.property(runArbitrary, (run) => {
        const stored = Object.values(run.steps).map((s) => s.settledAfterCancel === true);
        expect(toRunView(run).steps.map((s) => s.settled_after_cancel)).toEqual(stored);
      }),
    );
  });

  it("encoding drops fields the view does not declare", () => {
    const view = toRunView(fc.sample(runArbitrary, { numRuns: 1, seed: 7 })[0] as Run);
    const padded = { ...view, extra: 1, timeline: view.timeline.map((e) => ({ ...e, x: 1 })) };
    expect(RunView.encode(padded)).toEqual(view);
  });

  it("rejects an open timeline type, a status outside the set and an epoch-ms time", () => {
    const view = toRunView(fc.sample(runArbitrary, { numRuns: 1, seed: 3 })[0] as Run);
    const entry = { at: "2024-01-01T00:00:00.000Z", type: "step" };
    expect(RunView.is({ ...view, timeline: [entry] })).toBe(false);
    expect(RunView.is({ ...view, status: "Sleepy" })).toBe(false);
    expect(RunView.is({ ...view, created_at: 1_704_067_200_000 })).toBe(false);
    expect(CancellationView.is({ source: "api", at: 1_704_067_200_000 })).toBe(false);
  });
});

describe("the bulk cancellation view", () => {
  it("shows the window and creation time as ISO strings, and round-trips", () => {
    const arb = fc.record({
      started_after: fc.option(fc.integer({ min: 0, max: 4e12 })),
      started_before: fc.integer({ min: 0, max: 4e12 }),
      created_at: fc.integer({ min: 0, max: 4e12 }),
      status: fc.constantFrom("running", "completed", "stopped" as const),
    });
    fc.assert(
      fc.property(arb, (times) => {
        const record: BulkCancellation = {
          id: "B1",
          app_id: "app",
          function_id: "app-fn",
          if: null,
          dry_run: false,
          matched: 2,
          cancelled: 1,
          created_pos: 3,
          updated_at: 0,
          cursor: null,
          version: 1,
          ...times,
        };
        const view = toBulkView(record);
        expect(Date.parse(view.started_before)).toBe(record.started_before);
        expect(Date.parse(view.created_at)).toBe(record.created_at);
        expect(BulkCancellationView.decode(BulkCancellationView.encode(view))).toEqual({
          _tag: "Right",
          right: view,
        });
      }),
    );
  });
});
