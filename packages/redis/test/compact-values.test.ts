import { makeCommit, makeRun, makeWrite, nextVersion } from "@quell/conformance";
import { hashStepId, type Run } from "@quell/core";
import { describe, expect, it } from "vitest";
import { compactValues, expandValues } from "../src/compact-values";
import { hashTag } from "../src/index";
import { expandRun, storedRunBody } from "../src/stored-form";
import { privateRedis } from "./support/private-redis";
import { ownFieldsOf, putWholeRunJson } from "./support/run-json";

// A run's inFlight, wake and timeline entries are stored as arrays, times as distances from
// createdAt (src/compact-values.ts); objects, as versions before stored them, still read.

const redis = privateRedis("compact");

const T = 1_796_025_936_255;

const sleeping = (overrides: Partial<Run> = {}): Run =>
  makeRun({
    state: "sleeping",
    createdAt: T,
    startedAt: T + 7,
    inFlight: { id: "nap", hash: hashStepId("nap"), kind: "sleep", startedAt: T + 9 },
    wake: { at: T + 3_600_008, reason: "sleep" },
    timeline: [
      { at: T, type: "created", detail: "by bench/sleep" },
      { at: T + 7, type: "started" },
      { at: T + 9, type: "sleeping", step: "nap", detail: "until later" },
      { at: T + 9, type: "step.started", step: "nap" },
    ],
    ...overrides,
  });

/** Through JSON, as the store writes and reads it. */
const roundTrip = (run: Run): unknown =>
  expandRun(JSON.parse(JSON.stringify({ e: run.event, ...storedRunBody(run) })), ownFieldsOf(run));

/** The body as the version before stored it: those three values as objects. */
const objectsBody = (run: Run) => ({
  ...storedRunBody(run),
  fl: run.inFlight,
  w: run.wake,
  tl: run.timeline,
});

describe("compact values in a run's stored JSON", () => {
  it("stores a sleeping run's inFlight, wake and timeline as arrays, its step hash derived", () => {
    const run = sleeping();
    const body = storedRunBody(run);
    expect(body.fl).toEqual(["nap", null, "sleep", 9]);
    expect(body.w).toEqual([3_600_008, "sleep"]);
    expect(body.tl).toEqual([
      [0, "created", null, "by bench/sleep"],
      [7, "started"],
      [9, "sleeping", "nap", "until later"],
      [9, "step.started", "nap"],
    ]);
    expect(JSON.stringify(body).length).toBeLessThan(JSON.stringify(objectsBody(run)).length);
    expect(roundTrip(run)).toEqual(run);
  });

  it("keeps a hash that is not the step id's own, and values of other shapes as objects", () => {
    const run = sleeping({
      inFlight: { id: "nap", hash: "f".repeat(40), kind: "sleep", startedAt: T + 1.5 },
      wake: { at: T + 0.5, reason: "sleep" },
      timeline: [
        { at: T - 10, type: "created" },
        { at: T + 0.25, type: "woke" },
      ],
    });
    const body = storedRunBody(run);
    expect(body.fl).toEqual(run.inFlight);
    expect(body.w).toEqual(run.wake);
    expect(body.tl).toEqual([[-10, "created"], { at: T + 0.25, type: "woke" }]);
    expect(roundTrip(run)).toEqual(run);
    const hashed = sleeping({
      inFlight: { id: "nap", hash: "f".repeat(40), kind: "sleep", startedAt: T },
    });
    expect(storedRunBody(hashed).fl).toEqual(["nap", "f".repeat(40), "sleep", 0]);
    expect(roundTrip(hashed)).toEqual(hashed);
  });

  it("reads objects and arrays side by side, and leaves a body without createdAt alone", () => {
    const mixed = {
      ...objectsBody(sleeping()),
      tl: [[0, "created"], { at: T + 7, type: "started" }],
    };
    expect(expandValues({ ...mixed }).tl).toEqual([
      { at: T, type: "created" },
      { at: T + 7, type: "started" },
    ]);
    const noTime = { fl: ["nap", null, "sleep", 9] };
    expect(compactValues({ ...noTime })).toEqual(noTime);
    expect(expandValues({ ...noTime })).toEqual(noTime);
  });

  it("reads a run stored with objects by the version before, and commits over it", async () => {
    const store = redis.fresh();
    const run = sleeping({ createdPos: 1 });
    await store.createRun(makeWrite(run));
    const key = `${hashTag(store.prefix)}r:${run.id}`;
    await putWholeRunJson(
      redis.client(),
      key,
      JSON.stringify({ e: run.event, ...objectsBody(run) }),
    );
    await redis.client().hdel(key, "r");
    expect(await store.getRun(run.id)).toEqual(run);
    const woke = nextVersion(run, {
      state: "running",
      wake: null,
      timeline: [...run.timeline, { at: T + 3_600_010, type: "woke", step: "nap" }],
    });
    expect((await store.commitRun(makeCommit(woke, run.version)))._tag).toBe("Right");
    expect(await store.getRun(run.id)).toEqual(woke);
  });
});

describe("compact steps in a run's stored JSON", () => {
  const completed = (id: string, output: unknown = { sent: true }) => ({
    id,
    hash: hashStepId(id),
    kind: "run" as const,
    status: "completed" as const,
    output: output as never,
  });

  it("stores memoised steps as an array, hashes derived, and reads them back by hash", () => {
    const failed = {
      id: "charge",
      hash: "f".repeat(40),
      kind: "run" as const,
      status: "failed" as const,
      error: { name: "Error", message: "declined" },
      settledAfterCancel: true,
    };
    const steps = {
      [hashStepId("send")]: completed("send"),
      [hashStepId("wait")]: completed("wait", null),
      [failed.hash]: failed,
    };
    const run = sleeping({ steps });
    expect(storedRunBody(run).st).toEqual([
      ["send", null, "run", "c", { sent: true }],
      ["wait", null, "run", "c", null],
      ["charge", "f".repeat(40), "run", "f", failed.error, { settledAfterCancel: true }],
    ]);
    expect(roundTrip(run)).toEqual(run);
  });

  it("keeps steps of another shape as an object", () => {
    const record = completed("send");
    const run = sleeping({ steps: { "not-its-hash": record } });
    expect(storedRunBody(run).st).toEqual(run.steps);
    expect(roundTrip(run)).toEqual(run);
  });
});
