import { describe, expect, it } from "vitest";
import { type Op, type Run, type RunContext, reduceRun } from "../../src/index";
import { hash, queuedRun } from "../support/runs";

// A host that plans a step whose result is already memoised (a remote app ignoring the steps it
// was sent): the step is not started again (SPEC §7.5), and the run fails, saying why, instead of
// planning and starting it over and over.

const ctx: RunContext = {
  retries: 2,
  cancelListenerIds: [],
  leaseMs: 1_000,
  timeouts: { start: null, finish: null },
};

const memoised: Run = {
  ...queuedRun,
  state: "running",
  startedAt: 0,
  steps: { [hash]: { id: "s", hash, kind: "run", status: "completed", output: 1 } },
};

describe("a step planned again after its result was memoised", () => {
  it("fails the run without starting the step", () => {
    const op: Op = { op: "StepPlanned", id: "s", hash, kind: "run", events: [] };
    const { run, effects, outcome } = reduceRun(
      memoised,
      { _tag: "OpReported", at: 5, op, seq: 1, epoch: 0 },
      ctx,
    );
    expect(outcome).toEqual({ _tag: "Applied" });
    expect(run.state).toBe("failed");
    expect(run.error?.message).toBe(
      'step "s" was planned again after its result was memoised: the function\'s host does not replay memoised steps',
    );
    expect(run.inFlight).toBeNull();
    expect(effects.map((e) => e._tag)).not.toContain("Execute");
  });
});
