import { makeCommit, makeListener, makePayload, makeRun, makeWrite } from "@quell/conformance";
import type { Listener, Run } from "@quell/core";
import { describe, expect, it } from "vitest";
import { memoryStore } from "../src/index";

/** The run as a reader sees it: values and the order of keys (JSON views keep that order). */
const exactly = (run: Run | null | undefined) => ({ keys: Object.keys(run ?? {}), run });

// The store shares parts between stored objects (a function's `fnConfig`, a signature string):
// reads must give back exactly what was written, whatever was written since.
describe("memoryStore shares parts of runs and listeners and reads them back as written", () => {
  it("reads back each run exactly, its events as written, after other writes", async () => {
    const store = memoryStore();
    const trigger = makePayload({ name: "test/trigger" });
    const other = makePayload({ name: "test/other" });
    const written = [
      makeRun({ event: trigger, events: [trigger], createdPos: 1 }),
      // An equal copy, not the same object: kept as written.
      makeRun({ event: trigger, events: [{ ...trigger }], createdPos: 2 }),
      makeRun({ event: trigger, events: [trigger, other], createdPos: 3 }),
      makeRun({ event: trigger, events: [], createdPos: 4, fnConfig: undefined }),
    ];
    for (const run of written) await store.createRun(makeWrite(run));
    const first = written[0] as Run;
    await store.commitRun(makeCommit({ ...first, version: 2, state: "running" }, 1));
    const [, ...rest] = written;
    for (const run of rest) {
      expect(exactly(await store.getRun(run.id))).toStrictEqual(exactly(run));
    }
    const read = await store.getRun(first.id);
    expect(exactly(read)).toStrictEqual(exactly({ ...first, version: 2, state: "running" }));
    expect(read?.events[0]).toBe(read?.event);
    expect((await store.listRuns({})).runs.map((run) => run.events.length)).toEqual([0, 2, 1, 1]);
  });

  it("keeps each run's fnConfig when its function's configuration changes", async () => {
    const store = memoryStore();
    const old = [1, 2].map((pos) =>
      makeRun({ createdPos: pos, fnConfig: { retries: 4, cancelOn: 1 } }),
    );
    for (const run of old) await store.createRun(makeWrite(run));
    const synced = makeRun({ createdPos: 3, fnConfig: { retries: 0, cancelOn: 2 } });
    await store.createRun(makeWrite(synced));
    const [a, b] = old as [Run, Run];
    await store.commitRun(makeCommit({ ...a, version: 2 }, 1));
    expect((await store.getRun(a.id))?.fnConfig).toStrictEqual({ retries: 4, cancelOn: 1 });
    expect((await store.getRun(b.id))?.fnConfig).toStrictEqual({ retries: 4, cancelOn: 1 });
    expect((await store.getRun(synced.id))?.fnConfig).toStrictEqual({ retries: 0, cancelOn: 2 });
  });

  it("leaves a run read earlier as it was when the run is written again", async () => {
    const store = memoryStore();
    const run = makeRun({ createdPos: 1 });
    await store.createRun(makeWrite(run));
    const before = await store.getRun(run.id);
    await store.commitRun(makeCommit({ ...run, version: 2, events: [] }, 1));
    expect(before).toStrictEqual(run);
    expect((await store.getRun(run.id))?.events).toEqual([]);
  });

  it("finds listeners filed under equal signatures, each as written", async () => {
    const store = memoryStore();
    const signature = ["data", "orderId"].join(".");
    const listeners = ["a", "b"].map((key) =>
      makeListener({ index: { signature: `${signature}`, key }, expression: "x" }),
    );
    const run = makeRun({ createdPos: 1 });
    await store.createRun(makeWrite(run, { addListeners: listeners }));
    const [a, b] = listeners as [ReturnType<typeof makeListener>, ReturnType<typeof makeListener>];
    expect(await store.findListeners("test/cancel", () => "a")).toStrictEqual([a]);
    await store.commitRun(makeCommit({ ...run, version: 2 }, 1, { removeListeners: [a.id] }));
    expect(await store.findListeners("test/cancel", () => "a")).toStrictEqual([]);
    expect(await store.findListeners("test/cancel", () => "b")).toStrictEqual([b]);
  });

  it("finds listeners that share a signature but not their function, kind or expression", async () => {
    const store = memoryStore();
    const index = (key: string) => ({ signature: "data.orderId", key });
    const listeners = [
      makeListener({ index: index("k"), expression: "x", expiresAt: 1_704_067_200_000.5 }),
      makeListener({ index: index("k"), expression: "y", kind: "wait", stepHash: "s1" }),
      makeListener({ index: index("k"), expression: "x", functionId: "other-fn", afterSeq: 7 }),
      makeListener({ index: index("j"), expression: "x" }),
    ];
    const run = makeRun({ createdPos: 1 });
    await store.createRun(makeWrite(run, { addListeners: listeners }));
    const [a, b, c, d] = listeners as [Listener, Listener, Listener, Listener];
    expect(await store.findListeners("test/cancel", () => "k")).toStrictEqual([a, b, c]);
    // The last listener of a shape leaves; one added after it gets a shape of its own again.
    const again = makeListener({ index: index("k"), expression: "y", kind: "wait" });
    await store.commitRun(
      makeCommit({ ...run, version: 2 }, 1, { removeListeners: [b.id], addListeners: [again] }),
    );
    expect(await store.findListeners("test/cancel", () => "k")).toStrictEqual([a, c, again]);
    expect(await store.findListeners("test/cancel", () => "j")).toStrictEqual([d]);
  });
});
