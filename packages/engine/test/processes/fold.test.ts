import { Quell, type Store } from "@quell/core";
import { memoryStore } from "@quell/memory";
import { describe, expect, it } from "vitest";
import { createEngine, virtualClock } from "../../src/index";
import { gate } from "../support/fixtures";

// A transition whose next execution runs no step's code commits together with that
// execution's report (`commitFolded`): the execution runs first. What that may and may not
// change is below.

const T0 = Date.UTC(2024, 0, 1);
const quiet = { debug() {}, info() {}, warn() {}, error: console.error };

/** A memory store that counts the run commits it answered Right. */
const countingStore = (): { store: Store; commits: () => number } => {
  const inner = memoryStore();
  let commits = 0;
  const store: Store = Object.create(inner, {
    commitRun: {
      value: async (write: Parameters<Store["commitRun"]>[0]) => {
        const result = await inner.commitRun(write);
        if (result._tag === "Right") commits += 1;
        return result;
      },
    },
  });
  return { store, commits: () => commits };
};

describe("folded commits", () => {
  it("take a one-step run from its claim to completed in two commits, with the timeline of four", async () => {
    const { store, commits } = countingStore();
    const fn = new Quell({ id: "fold" }).createFunction(
      { id: "one" },
      { event: "fold/one" },
      async ({ step }) => step.run("only", () => 42),
    );
    const engine = createEngine({ functions: [fn], store, clock: virtualClock(T0), logger: quiet });
    await engine.start();
    await engine.send({ name: "fold/one" });
    await engine.idle();
    await engine.stop();
    const [run] = (await store.listRuns({})).runs;
    expect(run?.state).toBe("completed");
    expect(run?.output).toBe(42);
    // Claim with the first plan, then the step's result with the completion.
    expect(commits()).toBe(2);
    // Each transition is still its own version and timeline entry.
    expect(run?.version).toBe(5);
    expect(run?.timeline.map((e) => e.type)).toEqual([
      "created",
      "started",
      "step.started",
      "step.completed",
      "completed",
    ]);
  });

  it("lose to a cancellation that commits while the folded execution runs: the next step never starts", async () => {
    const { store } = countingStore();
    const between = gate();
    const started: string[] = [];
    const fn = new Quell({ id: "fold" }).createFunction(
      { id: "two", cancelOn: [{ event: "fold/stop", match: "data.id" }] },
      { event: "fold/two" },
      async ({ step }) => {
        await step.run("one", () => started.push("one"));
        await between.pass(); // code between steps: the folded execution waits here
        await step.run("two", () => started.push("two"));
      },
    );
    const engine = createEngine({ functions: [fn], store, clock: virtualClock(T0), logger: quiet });
    await engine.start();
    await engine.send({ name: "fold/two", data: { id: "a" } });
    await between.entered;
    await engine.send({ name: "fold/stop", data: { id: "a" } });
    between.open();
    await engine.idle();
    await engine.stop();
    const [run] = (await store.listRuns({ functionId: "fold-two" })).runs;
    expect(run?.state).toBe("cancelled");
    expect(Object.keys(run?.steps ?? {})).toHaveLength(1);
    expect(started).toEqual(["one"]);
  });
});
