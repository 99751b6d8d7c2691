import { describe, expect, it } from "vitest";
import type { Listener } from "../../src/codecs/listener";
import { foldableExecution, foldWrites } from "../../src/reducer/fold";
import type { RunAction } from "../../src/reducer/to-write";
import type { RunWrite } from "../../src/store/port";
import { queuedRun, trigger } from "../support/runs";

const listener: Listener = {
  id: "r1:cancel:0",
  runId: "r1",
  functionId: "app-fn",
  kind: "cancel",
  event: "app/stop",
  expression: "event.data.id == async.data.id",
  index: null,
  afterSeq: 1,
  expiresAt: null,
  stepHash: null,
};

const write = (overrides: Partial<RunWrite> = {}): RunWrite => ({
  run: queuedRun,
  addListeners: [],
  removeListeners: [],
  timer: undefined,
  enqueueAt: undefined,
  emit: [],
  ...overrides,
});

const execute = (allowStep: string | null): RunAction => ({ _tag: "Execute", allowStep, epoch: 2 });

describe("foldableExecution", () => {
  it("is the one execution a quiet write asks for, when it runs no step", () => {
    expect(foldableExecution(write({ lease: 5, timer: null }), [execute(null)])).toEqual({
      _tag: "Execute",
      allowStep: null,
      epoch: 2,
    });
  });

  it("is null for a step's execution, several actions, or none", () => {
    expect(foldableExecution(write(), [execute("abc")])).toBeNull();
    expect(foldableExecution(write(), [execute(null), { _tag: "AbortStep" }])).toBeNull();
    expect(foldableExecution(write(), [])).toBeNull();
  });

  it("is null when the write touches listeners, events, the queue or a singleton slot", () => {
    const emitted = {
      internalId: "e",
      payload: trigger.payload,
      dedupeKey: null,
      receivedAt: 0,
    };
    for (const noisy of [
      write({ addListeners: [listener] }),
      write({ removeListeners: ["l"] }),
      write({ emit: [emitted] }),
      write({ enqueueAt: 1 }),
      write({ releaseSingleton: "slot" }),
    ])
      expect(foldableExecution(noisy, [execute(null)])).toBeNull();
  });
});

describe("foldWrites", () => {
  it("is the second write, with the first's timer and lease where the second left them alone", () => {
    const second = write({ addListeners: [listener], timer: undefined, lease: undefined });
    const folded = foldWrites(write({ timer: 10, lease: 20 }), second);
    expect(folded).toEqual({ ...second, timer: 10, lease: 20 });
  });

  it("lets the second clear or move what the first set", () => {
    const folded = foldWrites(write({ timer: 10, lease: 20 }), write({ timer: null, lease: null }));
    expect([folded.timer, folded.lease]).toEqual([null, null]);
    const moved = foldWrites(write({ timer: 10, lease: 20 }), write({ timer: 30, lease: 40 }));
    expect([moved.timer, moved.lease]).toEqual([30, 40]);
  });
});
