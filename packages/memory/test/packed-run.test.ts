import { anyRun, makeCommit, makePayload, makeRun, makeWrite } from "@quell/conformance";
import type { Run, RunState } from "@quell/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { memoryStore } from "../src/index";
import { PackedRun, packRun, unpackRun } from "../src/packed-run";
import { restingRun } from "../src/resting-run";

/** Values and the order of keys, at every level (a JSON view keeps the order it reads). */
const exactly = (value: unknown): string => JSON.stringify([value, keyOrder(value)]);
const keyOrder = (value: unknown): unknown =>
  value === null || typeof value !== "object"
    ? null
    : Array.isArray(value)
      ? value.map(keyOrder)
      : Object.entries(value).map(([key, v]) => [key, keyOrder(v)]);

const RESTING: readonly RunState[] = ["sleeping", "waiting", "completed", "cancelled"];

const sleeping = (overrides: Partial<Run> = {}): Run => {
  const event = makePayload({ name: "order/created" });
  return makeRun({
    state: "sleeping",
    event,
    events: [event],
    createdAt: 1_704_067_200_000,
    startedAt: 1_704_067_200_003,
    inFlight: { id: "nap", hash: "c".repeat(40), kind: "sleep", startedAt: 1_704_067_200_004 },
    wake: { at: 1_704_153_600_004, reason: "sleep" },
    timeline: [
      { at: 1_704_067_200_000, type: "created", detail: "by order/created" },
      { at: 1_704_067_200_003, type: "started" },
      { at: 1_704_067_200_004, type: "sleeping", step: "nap", detail: "until tomorrow" },
    ],
    ...overrides,
  });
};

describe("packRun and unpackRun", () => {
  it("give back any run at rest exactly as the store kept it as an object", () => {
    let packedRuns = 0;
    fc.assert(
      fc.property(anyRun, fc.constantFrom(...RESTING), (written, state) => {
        const run = { ...written, state };
        const packed = packRun(run, run.fnConfig);
        if (packed === null) return;
        packedRuns += 1;
        expect(exactly(unpackRun(packed))).toBe(exactly(restingRun(run, run.fnConfig)));
        expect(packed.createdAt).toBe(run.createdAt);
        expect(packed.cancellation).toBe(run.cancellation);
      }),
      { numRuns: 500 },
    );
    // Most are packed (not those with an in-flight step of empty id): the property holds for many.
    expect(packedRuns).toBeGreaterThan(400);
  });

  it("packs a sleeping run with its trigger event by reference", () => {
    const run = sleeping();
    const packed = packRun(run, run.fnConfig);
    expect(packed).toBeInstanceOf(PackedRun);
    const read = unpackRun(packed as PackedRun);
    expect(read).toStrictEqual(run);
    expect(read.events[0]).toBe(run.event);
    expect(packed?.rare).toBeNull();
  });

  it("leaves runs that are read and written again soon as objects", () => {
    for (const state of ["queued", "running", "cancelling"] as const)
      expect(packRun(sleeping({ state }), undefined)).toBeNull();
  });

  it("leaves a run it could not write back exactly as an object", () => {
    const base = sleeping();
    const cases: Run[] = [
      sleeping({ createdAt: 1.5 }),
      sleeping({ startedAt: -0 }),
      sleeping({ attempt: Number.MAX_SAFE_INTEGER + 1 }),
      sleeping({
        inFlight: { ...(base.inFlight as NonNullable<Run["inFlight"]>), id: "a\u001fb" },
      }),
      sleeping({ inFlight: { ...(base.inFlight as NonNullable<Run["inFlight"]>), id: "" } }),
      sleeping({ timeline: [{ at: 1, type: "created", detail: "x\u001ey" }] }),
      sleeping({ timeline: [{ type: "created", at: 1 } as Run["timeline"][number]] }),
      sleeping({
        timeline: [
          { at: 1, type: "created", step: undefined } as unknown as Run["timeline"][number],
        ],
      }),
      sleeping({ wake: { reason: "sleep", at: 5 } as Run["wake"] }),
      // Values of the wrong type (the codec would refuse them) are kept, not packed, nor thrown on.
      sleeping({ timeline: [{ at: 1, type: 7 } as unknown as Run["timeline"][number]] }),
      sleeping({ wake: { at: 5, reason: null } as unknown as Run["wake"] }),
    ];
    for (const run of cases) expect(packRun(run, undefined)).toBeNull();
  });

  it("keeps the fields a sleeping run has at their default out of the packed run", () => {
    const event = makePayload({ name: "order/created" });
    const copy = sleeping({ event, events: [{ ...event }] });
    const waiting = sleeping({
      state: "waiting",
      waiting: { id: "w", hash: "h", event: "x", if: null, kind: "event" },
    });
    for (const run of [copy, waiting]) {
      const packed = packRun(run, undefined) as PackedRun;
      expect(packed.rare).not.toBeNull();
      expect(unpackRun(packed)).toStrictEqual({ ...run, fnConfig: undefined });
    }
  });
});

describe("memoryStore with packed runs", () => {
  it("reads back any run, packed or not, exactly as written", async () => {
    await fc.assert(
      fc.asyncProperty(anyRun, async (written) => {
        const store = memoryStore();
        expect((await store.createRun(makeWrite(written)))._tag).toBe("Right");
        const run = { ...written, createdPos: 1 };
        const read = await store.getRun(run.id);
        expect(exactly(read)).toBe(exactly(restingRun(run, run.fnConfig)));
        expect((await store.listRuns({})).runs).toStrictEqual([read]);
        expect(await store.runsForEvent(run.triggerEventId)).toStrictEqual([read]);
      }),
      { numRuns: 200 },
    );
  });

  it("gives each read its own object, which later writes leave as it was", async () => {
    const store = memoryStore();
    const run = sleeping({ createdPos: 1 });
    await store.createRun(makeWrite(run));
    const first = await store.getRun(run.id);
    const second = await store.getRun(run.id);
    expect(first).not.toBe(second);
    expect(first).toStrictEqual(run);
    const cancelled = { ...run, version: run.version + 1, state: "cancelled" as const };
    expect((await store.commitRun(makeCommit(cancelled, run.version)))._tag).toBe("Right");
    expect(first).toStrictEqual(run);
    expect(await store.getRun(run.id)).toStrictEqual(cancelled);
  });
});
