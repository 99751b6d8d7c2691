import { describe, expect, it } from "vitest";
import {
  eventIndexKey,
  executeHandler,
  FUNCTION_CANCELLED,
  FUNCTION_FINISHED,
  FUNCTION_INVOKED,
  newRun,
  type Op,
  Quell,
  type QuellFunction,
  type Run,
  type RunContext,
  type RunEffect,
  reduceRun,
  type StoredEvent,
  systemEventsFor,
  toRunWrite,
} from "../../src/index";
import { hash, queuedRun } from "../support/runs";

// The pieces of step.invoke in the core: the op the step tool reports, the write that commits
// it (the parent waits, its listener, timer and the invoked event together), the child's
// creation with its parent and cascade listener, and the child's function.finished.

const DAY = 86_400_000;
const ctx: RunContext = {
  retries: 2,
  cancelListenerIds: [],
  leaseMs: 1_000,
  timeouts: { start: null, finish: null },
};
const quell = new Quell({ id: "app" });
const child = quell.createFunction({ id: "child" }, { event: "app/child" }, async () => "ok");

/** The op one execution of `handler` reports. */
const opOf = (handler: QuellFunction["handler"]): Promise<Op> =>
  executeHandler({
    fn: quell.createFunction({ id: "parent" }, { event: "app/go" }, handler),
    run: { id: "r1", event: queuedRun.event, events: [], steps: {}, attempt: 0 },
    allowStep: null,
    now: 1_000,
    signal: new AbortController().signal,
    logger: { info() {}, warn() {}, error() {}, debug() {} },
  });

const invokeOp: Extract<Op, { op: "InvokeFunction" }> = {
  op: "InvokeFunction",
  id: "s",
  hash,
  functionId: "app-child",
  data: { n: 1 },
  timeoutAt: 5_000,
  cascade: "cancel",
};

const running: Run = { ...queuedRun, state: "running", startedAt: 0 };

const invokedEventOf = (effects: readonly RunEffect[]): StoredEvent => {
  const emit = effects.find((e) => e._tag === "Emit");
  if (emit?._tag !== "Emit") throw new Error("no Emit");
  return {
    internalId: "ev-invoked",
    seq: 7,
    receivedAt: 2_000,
    payload: { id: "ev-invoked", ts: 2_000, user: {}, data: {}, ...emit.event },
  };
};

describe("step.invoke's op", () => {
  it("names the function by its slug, with the data, the default timeout (365 days) and cascade cancel", async () => {
    const op = await opOf(({ step }) => step.invoke("call", { function: child, data: { n: 1 } }));
    expect(op).toMatchObject({
      op: "InvokeFunction",
      id: "call",
      functionId: "app-child",
      data: { n: 1 },
      timeoutAt: 1_000 + 365 * DAY,
      cascade: "cancel",
    });
    const bySlug = await opOf(({ step }) =>
      step.invoke("call", { function: "app-child", timeout: "1h", cascade: "detach" }),
    );
    expect(bySlug).toMatchObject({
      functionId: "app-child",
      data: {},
      timeoutAt: 1_000 + 3_600_000,
      cascade: "detach",
    });
  });

  it.each([
    [
      "no function",
      { function: "" },
      'step.invoke("call"): function must be a function or its slug',
    ],
    [
      "an unknown cascade",
      { function: child, cascade: "abandon" },
      'step.invoke("call"): cascade must be "cancel" or "detach", got "abandon"',
    ],
    [
      "a bad timeout",
      { function: child, timeout: "soon" },
      'step.invoke("call"): timeout: invalid duration "soon"',
    ],
    [
      "data not an object",
      { function: child, data: [1] },
      'step.invoke("call"): invoke.data: data must be an object',
    ],
  ])("refuses %s, naming the step and the option", async (_what, options, message) => {
    const op = await opOf(({ step }) => step.invoke("call", options as never));
    expect(op.op).toBe("RunError");
    if (op.op !== "RunError") return;
    expect(op.retriable).toBe(false);
    expect(op.error.message.startsWith(message)).toBe(true);
  });
});

describe("committing an invoke", () => {
  it("waits, and in the same write adds the indexed listener, the timeout timer and the invoked event", () => {
    const r = reduceRun(
      running,
      { _tag: "OpReported", at: 2_000, op: invokeOp, seq: 6, epoch: 0 },
      ctx,
    );
    expect(r.run.state).toBe("waiting");
    expect(r.run.waiting).toMatchObject({ kind: "invoke", event: FUNCTION_FINISHED, hash });
    const { write, actions } = toRunWrite(r.run, r.effects, 2_000, () => "ev-invoked");
    expect(actions).toEqual([]);
    expect(write.timer).toBe(5_000);
    expect(write.addListeners).toEqual([
      expect.objectContaining({
        kind: "wait",
        event: FUNCTION_FINISHED,
        expression: `async.data.correlation_id == "r1.${hash}"`,
        // Filed where the child's function.finished looks (SPEC R7): no scan finds it.
        index: {
          signature: "data.correlation_id",
          key: eventIndexKey("data.correlation_id", { data: { correlation_id: `r1.${hash}` } }),
        },
        expiresAt: 5_000,
        stepHash: hash,
      }),
    ]);
    expect(write.emit.map((e) => e.payload)).toEqual([
      expect.objectContaining({
        name: FUNCTION_INVOKED,
        data: {
          n: 1,
          _inngest: {
            source_app_id: "app",
            source_fn_id: "app-f",
            source_run_id: "r1",
            fn_id: "app-child",
            correlation_id: `r1.${hash}`,
            expire: 5_000,
            name: "s",
            cascade: "cancel",
          },
        },
      }),
    ]);
  });

  it("is ignored once the run's cancellation committed (no child starts)", () => {
    const cancelled = reduceRun(
      running,
      { _tag: "Cancel", at: 1, cancellation: { source: "api", at: 1 } },
      ctx,
    ).run;
    const r = reduceRun(
      cancelled,
      { _tag: "OpReported", at: 2_000, op: invokeOp, seq: 6, epoch: 0 },
      ctx,
    );
    expect(r.outcome._tag).toBe("Ignored");
    expect(r.effects).toEqual([]);
  });
});

describe("the child", () => {
  const parentWaiting = reduceRun(
    running,
    { _tag: "OpReported", at: 2_000, op: invokeOp, seq: 6, epoch: 0 },
    ctx,
  );
  const invoked = invokedEventOf(parentWaiting.effects);

  it("records its parent and is created with the cascade listener, indexed on data.run_id (R1, R7)", () => {
    const created = newRun({
      id: "c1",
      fn: child,
      trigger: invoked,
      at: 2_000,
      afterSeq: invoked.seq,
    });
    expect(created.run.parent).toEqual({ runId: "r1", stepHash: hash, cascade: "cancel" });
    expect(created.listeners).toEqual([
      {
        id: "c1:cascade",
        runId: "c1",
        functionId: "app-child",
        kind: "cascade",
        event: FUNCTION_CANCELLED,
        expression: "async.data.run_id == event.data._inngest.source_run_id",
        index: {
          signature: "data.run_id",
          key: eventIndexKey("data.run_id", { data: { run_id: "r1" } }),
        },
        afterSeq: 7,
        expiresAt: null,
        stepHash: null,
      },
    ]);
  });

  it("detached, or replayed, has no cascade listener; a replay has no parent", () => {
    const detached: StoredEvent = {
      ...invoked,
      payload: {
        ...invoked.payload,
        data: {
          ...invoked.payload.data,
          _inngest: { ...(invoked.payload.data._inngest as object), cascade: "detach" },
        },
      },
    };
    const d = newRun({ id: "c1", fn: child, trigger: detached, at: 2_000, afterSeq: 7 });
    expect(d.run.parent?.cascade).toBe("detach");
    expect(d.listeners).toEqual([]);
    const replay = newRun({
      id: "c2",
      fn: child,
      trigger: invoked,
      at: 3_000,
      afterSeq: 9,
      originalRunId: "c1",
    });
    expect(replay.run.parent).toBeNull();
    expect(replay.listeners).toEqual([]);
  });

  it("ends with a function.finished carrying the correlation id (and, cancelled, its record)", () => {
    const run = newRun({ id: "c1", fn: child, trigger: invoked, at: 2_000, afterSeq: 7 }).run;
    const cancelled: Run = {
      ...run,
      state: "cancelled",
      cancellation: { source: "parent", at: 3_000, caused_by_run_id: "r1" },
    };
    const finished = systemEventsFor(cancelled, 3_000).find((e) => e.name === FUNCTION_FINISHED);
    expect(finished?.data).toMatchObject({
      _inngest: { status: "Cancelled" },
      correlation_id: `r1.${hash}`,
      run_id: "c1",
      cancellation: { source: "parent", at: "1970-01-01T00:00:03.000Z", caused_by_run_id: "r1" },
    });
  });

  it.each([
    [
      { _inngest: { status: "Completed" }, result: { n: 2 } },
      { status: "completed", output: { n: 2 } },
      "invoke.completed",
    ],
    [
      { _inngest: { status: "Failed" }, error: { name: "Error", message: "boom" } },
      { status: "failed", error: { name: "Error", message: "boom" } },
      "invoke.failed",
    ],
    [
      {
        _inngest: { status: "Cancelled" },
        cancellation: { source: "api", at: "1970-01-01T00:00:03.000Z" },
      },
      {
        status: "failed",
        error: { name: "NonRetriableError", message: "Invoked function was cancelled" },
        childCancellation: { source: "api", at: 3_000 },
      },
      "invoke.cancelled",
    ],
  ])("its end resolves the parent's step (%j)", (data, step, entry) => {
    const finished = {
      name: FUNCTION_FINISHED,
      data: { run_id: "c1", correlation_id: `r1.${hash}`, ...data },
      id: "f",
      ts: 0,
      user: {},
    };
    const r = reduceRun(
      parentWaiting.run,
      { _tag: "WaitMatched", at: 3_000, stepHash: hash, event: finished },
      ctx,
    );
    expect(r.run.state).toBe("queued");
    expect(r.run.steps[hash]).toEqual({ id: "s", hash, kind: "invoke", ...step });
    expect(r.run.timeline.at(-1)).toMatchObject({ type: entry, step: "s" });
  });
});
