import { describe, expect, it } from "vitest";
import { type Op, type Run, type RunContext, type RunInput, reduceRun } from "../../src/index";
import { queuedRun } from "../support/runs";

// Parallel steps (a remote app's `Promise.all`): every planned step starts in its own execution
// when the plan commits; results are memoised as they come; the run goes on — or, cancelled
// meanwhile, ends — only when the last one settled.

const ctx: RunContext = {
  retries: 2,
  cancelListenerIds: [],
  leaseMs: 1_000,
  timeouts: { start: null, finish: null },
};
const running: Run = { ...queuedRun, state: "running", startedAt: 0 };
const report = (op: Op, at = 5): RunInput => ({ _tag: "OpReported", at, op, seq: 1, epoch: 0 });
const planned = report({
  op: "StepsPlanned",
  steps: [
    { id: "left", hash: "h-left" },
    { id: "right", hash: "h-right" },
  ],
});
const result = (id: string, output: number): RunInput =>
  report({ op: "StepRun", id, hash: `h-${id}`, output });
const executes = (r: ReturnType<typeof reduceRun>) =>
  r.effects.flatMap((e) => (e._tag === "Execute" ? [e.allowStep] : []));

describe("several steps planned at once", () => {
  it("starts each in its own execution, and goes on once both results are memoised", () => {
    const start = reduceRun(running, planned, ctx);
    expect(executes(start)).toEqual(["h-left", "h-right"]);
    expect(start.run.inFlight?.id).toBe("left");
    expect(start.run.parallel?.map((s) => s.id)).toEqual(["right"]);

    const one = reduceRun(start.run, result("right", 2), ctx);
    expect(one.run.state).toBe("running");
    expect(executes(one)).toEqual([]);
    expect(one.run.inFlight?.id).toBe("left");
    expect(Object.keys(one.run.steps)).toEqual(["h-right"]);

    const both = reduceRun(one.run, result("left", 1), ctx);
    expect(executes(both)).toEqual([null]);
    expect(both.run.inFlight).toBeNull();
    expect(Object.keys(both.run.steps).sort()).toEqual(["h-left", "h-right"]);
  });

  it("cancelled meanwhile: stays cancelling until the last step settled, then ends cancelled", () => {
    const start = reduceRun(running, planned, ctx);
    const cancel = reduceRun(
      start.run,
      { _tag: "Cancel", at: 6, cancellation: { source: "api", at: 6 } },
      ctx,
    );
    expect(cancel.run.state).toBe("cancelling");
    const one = reduceRun(cancel.run, result("left", 1), ctx);
    expect(one.run.state).toBe("cancelling");
    expect(one.effects.map((e) => e._tag)).not.toContain("Emit");
    const last = reduceRun(one.run, result("right", 2), ctx);
    expect(last.run.state).toBe("cancelled");
    expect(Object.values(last.run.steps).map((s) => s.settledAfterCancel)).toEqual([true, true]);
    expect(executes(last)).toEqual([]);
  });

  it("a retriable error beside another step: not memoised, counted, planned again after", () => {
    const start = reduceRun(running, planned, ctx);
    const failed = reduceRun(
      start.run,
      report({
        op: "StepError",
        id: "left",
        hash: "h-left",
        error: { name: "Error", message: "boom" },
        retriable: true,
      }),
      ctx,
    );
    expect(failed.run.state).toBe("running");
    expect(failed.run.attempt).toBe(1);
    expect(failed.run.steps["h-left"]).toBeUndefined();
    const last = reduceRun(failed.run, result("right", 2), ctx);
    expect(executes(last)).toEqual([null]);
  });

  it("refuses a plan that includes a memoised step (the host does not replay)", () => {
    const start = reduceRun(running, planned, ctx);
    const done = reduceRun(
      reduceRun(start.run, result("left", 1), ctx).run,
      result("right", 2),
      ctx,
    );
    const again = reduceRun({ ...done.run }, planned, ctx);
    expect(again.run.state).toBe("failed");
  });
});
