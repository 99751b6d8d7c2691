import { describe, expect, it } from "vitest";
import { makeCommit, makeIngest, makeListener, makeRun, nextVersion } from "../src/index";

describe("fixtures", () => {
  it("give fresh ids and let overrides win", () => {
    const a = makeRun();
    const b = makeRun({ id: "mine", state: "sleeping" });
    expect(a.id).not.toBe(makeRun().id);
    expect(b).toMatchObject({ id: "mine", state: "sleeping", version: 1 });
    expect(makeListener({ runId: b.id }).runId).toBe("mine");
  });

  it("build ingestion requests whose payload id is the internal id by default", () => {
    const request = makeIngest({ name: "a/b", data: { x: 1 }, dedupeKey: "k" });
    expect(request.payload).toMatchObject({ name: "a/b", data: { x: 1 }, id: request.internalId });
    expect(request.dedupeKey).toBe("k");
  });

  it("bump the version for commits", () => {
    const run = makeRun();
    const next = nextVersion(run, { state: "running" });
    expect(next.version).toBe(run.version + 1);
    expect(makeCommit(next, run.version)).toMatchObject({ expectedVersion: 1, emit: [] });
  });
});
