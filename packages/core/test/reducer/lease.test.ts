import { describe, expect, it } from "vitest";
import {
  atStepBoundary,
  executionAbortReason,
  type Op,
  type Run,
  type RunContext,
  type RunEffect,
  type RunInput,
  type RunState,
  reduceRun,
  runStates,
  toRunWrite,
  unwrittenActions,
} from "../../src/index";
import { hash, inFlight, queuedRun } from "../support/runs";

// The lease rules of the reducer (SPEC §7.10): what a claim means, which commits hold or release
// the lease, and that a report from an older lease epoch never changes the run.

const ctx: RunContext = {
  retries: 2,
  cancelListenerIds: [],
  leaseMs: 1_000,
  timeouts: { start: null, finish: null },
};
const runIn = (state: RunState, fields: Partial<Run> = {}): Run => ({
  ...queuedRun,
  state,
  ...fields,
});
const tags = (effects: readonly RunEffect[]): string[] => effects.map((e) => e._tag);
const granted = (expired: boolean, at = 5): RunInput => ({ _tag: "LeaseGranted", at, expired });
const report = (op: Op, epoch: number): RunInput => ({
  _tag: "OpReported",
  at: 5,
  op,
  seq: 1,
  epoch,
});

const ops: readonly Op[] = [
  { op: "StepPlanned", id: "s", hash, kind: "run", events: [] },
  { op: "StepRun", id: "s", hash, output: 1 },
  { op: "StepError", id: "s", hash, error: { name: "Error", message: "x" }, retriable: true },
  { op: "Sleep", id: "s", hash, until: 10 },
  { op: "WaitForEvent", id: "s", hash, event: "ok", if: null, timeoutAt: 10 },
  { op: "RunComplete", output: null },
  { op: "RunError", error: { name: "Error", message: "x" }, retriable: false },
  {
    op: "InvokeFunction",
    id: "s",
    hash,
    functionId: "app-g",
    data: {},
    timeoutAt: 10,
    cascade: "cancel",
  },
];

describe("a claim (LeaseGranted)", () => {
  it("starts a queued run, holds the lease for leaseMs and executes under the run's epoch", () => {
    const r = reduceRun(runIn("queued", { leaseEpoch: 3 }), granted(false), ctx);
    expect(r.run.state).toBe("running");
    expect(r.effects).toEqual([
      { _tag: "Execute", allowStep: null, epoch: 3 },
      { _tag: "HoldLease", until: 1_005 },
    ]);
  });

  it("takes over a running run whose lease expired: a new epoch, queued again, lease released", () => {
    const r = reduceRun(runIn("running", { inFlight }), granted(true), ctx);
    expect(r.outcome._tag).toBe("Applied");
    expect(r.run).toMatchObject({ state: "queued", inFlight: null, leaseEpoch: 1 });
    expect(tags(r.effects)).toEqual(["Enqueue", "ReleaseLease"]);
    expect(r.run.timeline.at(-1)?.type).toBe("lease.expired");
  });

  it("ends a cancelling run whose lease expired, and emits function.cancelled (no retry, R8)", () => {
    const cancellation = { source: "api" as const, at: 1 };
    const r = reduceRun(runIn("cancelling", { inFlight, cancellation }), granted(true), ctx);
    expect(r.run).toMatchObject({ state: "cancelled", leaseEpoch: 1 });
    expect(tags(r.effects)).toContain("ReleaseLease");
    expect(
      r.effects.some((e) => e._tag === "Emit" && e.event.name === "inngest/function.cancelled"),
    ).toBe(true);
  });

  it("finding nothing to execute changes nothing, and lets the lease go unless the run is executing", () => {
    for (const state of runStates.filter((s) => s !== "queued")) {
      for (const expired of [false, true]) {
        const run = runIn(state);
        const r = reduceRun(run, granted(expired), ctx);
        const executing = state === "running" || state === "cancelling";
        if (expired && executing) continue; // the takeover above
        expect(r.outcome._tag, `${state}, expired: ${expired}`).toBe("Ignored");
        expect(r.run).toBe(run);
        expect(unwrittenActions(r.effects)).toEqual(executing ? [] : [{ _tag: "ReleaseLease" }]);
      }
    }
  });
});

describe("the lease in each commit", () => {
  it("is held again when the committing process executes next, and released when the run leaves running", () => {
    const running = runIn("running", { inFlight });
    const next = reduceRun(running, report({ op: "StepRun", id: "s", hash, output: 1 }, 0), ctx);
    expect(next.effects).toEqual([
      { _tag: "Execute", allowStep: null, epoch: 0 },
      { _tag: "HoldLease", until: 1_005 },
    ]);
    const sleeping = reduceRun(
      runIn("running"),
      report({ op: "Sleep", id: "s", hash, until: 9 }, 0),
      ctx,
    );
    expect(sleeping.run.state).toBe("sleeping");
    expect(tags(sleeping.effects)).toContain("ReleaseLease");
    const { write } = toRunWrite(sleeping.run, sleeping.effects, 5, () => "id");
    expect(write.lease).toBeNull();
    expect(toRunWrite(next.run, next.effects, 5, () => "id").write.lease).toBe(1_005);
  });

  it("is left alone by a cancellation while a step is in flight (its worker still holds it)", () => {
    const cancel: RunInput = { _tag: "Cancel", at: 5, cancellation: { source: "api", at: 5 } };
    const r = reduceRun(runIn("running", { inFlight }), cancel, ctx);
    expect(r.run.state).toBe("cancelling");
    expect(toRunWrite(r.run, r.effects, 5, () => "id").write.lease).toBeUndefined();
  });
});

describe("a report from an older lease epoch (SPEC §7.10)", () => {
  it("never changes the run, in any state, whatever it reports: ignored, with the reason", () => {
    for (const state of runStates) {
      for (const op of ops) {
        const run = runIn(state, {
          leaseEpoch: 2,
          inFlight: state === "running" ? inFlight : null,
        });
        const r = reduceRun(run, report(op, 1), ctx);
        expect(r.run, `${state} × ${op.op}`).toBe(run);
        expect(r.effects).toEqual([]);
        expect(r.outcome).toEqual({
          _tag: "Ignored",
          reason: "late report from lease epoch 1: the run's lease was taken over (epoch 2)",
          stale: true,
        });
      }
    }
  });

  it("is applied when its epoch is the run's", () => {
    const run = runIn("running", { leaseEpoch: 2, inFlight });
    const r = reduceRun(run, report({ op: "StepRun", id: "s", hash, output: 1 }, 2), ctx);
    expect(r.outcome._tag).toBe("Applied");
  });

  it("is no step boundary: a paused function or a bulk cancellation does not act on it", () => {
    const run = runIn("running", { leaseEpoch: 1 });
    const planned = report({ op: "StepPlanned", id: "s", hash, kind: "run", events: [] }, 0);
    expect(atStepBoundary(run, planned, { paused: new Set(["app-f"]), bulk: [] })).toBe(planned);
    const current = report({ op: "StepPlanned", id: "s", hash, kind: "run", events: [] }, 1);
    expect(atStepBoundary(run, current, { paused: new Set(["app-f"]), bulk: [] })._tag).toBe(
      "Pause",
    );
  });
});

describe("the heartbeat's verdict on an execution", () => {
  it("stops one whose run was taken over, is gone, or was cancelled; lets the others go on", () => {
    expect(executionAbortReason(runIn("running", { leaseEpoch: 1 }), 0)).toBe(
      "another worker took the run over",
    );
    expect(executionAbortReason(null, 0)).toBe("another worker took the run over");
    expect(executionAbortReason(runIn("cancelling"), 0)).toBe("run cancelled");
    expect(executionAbortReason(runIn("cancelled"), 0)).toBe("run cancelled");
    expect(executionAbortReason(runIn("completed"), 0)).toBe("run completed");
    expect(executionAbortReason(runIn("running"), 0)).toBeNull();
  });
});
