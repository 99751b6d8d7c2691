// SPEC §7.9: a cancelled parent leaves no live child, even when it is cancelled between its
// `step.invoke` commit and the processing of the invoke event (the child does not exist yet).
// The parent's `function.cancelled` must then stay pending for the child's cascade listener,
// made later at the child's creation with the invoke event's position: it may not be stored
// already processed as an event nothing listens to (src/system-event-routing.ts).
import { FUNCTION_INVOKED, Quell, type Store, withFailureFunctions } from "@quell/core";
import { memoryStore } from "@quell/memory";
import { afterEach, describe, expect, it } from "vitest";
import { createEngine, createPartitionedEngine, type Engine, virtualClock } from "../../src/index";
import { storableProcessed } from "../../src/system-event-routing";

/**
 * Stores whose pending events are held back from the commit that emits an invoke event on:
 * the hold is set before the write, so no read that sees the event comes before it.
 */
const holding = (count: number) => {
  let hold = false;
  const stores = Array.from({ length: count }, (): Store => {
    const inner = memoryStore();
    return new Proxy(inner, {
      get: (target, property) => {
        if (property === "pendingEvents")
          return async (limit: number) => (hold ? [] : target.pendingEvents(limit));
        if (property === "commitRun")
          return (write: Parameters<Store["commitRun"]>[0]) => {
            if (write.emit.some((e) => e.payload.name === FUNCTION_INVOKED)) hold = true;
            return target.commitRun(write);
          };
        const value = Reflect.get(target, property);
        return typeof value === "function" ? value.bind(target) : value;
      },
    });
  });
  return {
    stores,
    get held() {
      return hold;
    },
    release: () => {
      hold = false;
    },
  };
};

const quell = new Quell({ id: "app" });
const child = quell.createFunction({ id: "child" }, { event: "app/child" }, async ({ step }) => {
  await step.sleep("nap", "1h");
});
const parent = quell.createFunction({ id: "parent" }, { event: "app/go" }, async ({ step }) =>
  step.invoke("call", { function: child }),
);

const open: Engine[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((engine) => engine.stop()));
});

describe.each([
  { name: "engine", partitions: 1 },
  { name: "3 partitions", partitions: 3 },
])("a parent cancelled before its invoked child exists ($name)", ({ partitions }) => {
  it("cancels the child once it is created (source parent)", async () => {
    const held = holding(partitions);
    const options = {
      functions: [parent, child],
      clock: virtualClock(0),
      retention: false as const,
    };
    const engine =
      partitions === 1
        ? createEngine({ ...options, store: held.stores[0] as Store })
        : createPartitionedEngine({ ...options, stores: held.stores });
    open.push(engine);
    await engine.start();
    await engine.send({ name: "app/go" });
    await engine.idle();
    expect(held.held).toBe(true); // the invoke event is pending: no child yet
    const [p] = (await engine.listRuns({ functionId: "app-parent" })).runs;
    expect((await engine.listRuns({ functionId: "app-child" })).runs).toEqual([]);
    await engine.cancelRun(p?.id ?? "");
    held.release();
    await engine.send({ name: "app/nothing" }); // a tick
    await engine.idle();
    const [c] = (await engine.listRuns({ functionId: "app-child" })).runs;
    expect(c).toMatchObject({
      status: "Cancelled",
      cancellation: { source: "parent", caused_by_run_id: p?.id },
    });
  });
});

describe("which system events may be stored already processed", () => {
  const functions = (list: Parameters<typeof withFailureFunctions>[0]) =>
    new Map(withFailureFunctions(list).map((fn) => [fn.slug, fn]));

  it("not a function.cancelled an invoked child may be owed, nor a name a cancelOn or a trigger names", () => {
    const plain = functions([parent, child]);
    expect(storableProcessed(plain, "inngest/function.cancelled", false)).toBe(true);
    expect(storableProcessed(plain, "inngest/function.cancelled", true)).toBe(false);
    expect(storableProcessed(plain, "inngest/function.finished", true)).toBe(true);
    expect(storableProcessed(plain, "app/go", false)).toBe(false);
    const watcher = quell.createFunction(
      { id: "watcher", cancelOn: [{ event: "inngest/function.finished" }] },
      { event: "app/watch" },
      async () => {},
    );
    expect(storableProcessed(functions([watcher]), "inngest/function.finished", false)).toBe(false);
  });
});
