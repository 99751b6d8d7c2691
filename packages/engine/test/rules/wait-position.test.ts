// SPEC §2 waitForEvent, "only later events": the position a wait counts from is the ingestion
// position of the commit that registers its listener, read by the store inside that commit
// (`RunWrite.stampListenersAtCommit`), as the reference model reads it. These tests put an event
// in the gap between the handler reporting the wait and the wait's commit, where a position
// read by the engine before the commit would disagree with when the listener existed.
import { type Listener, Quell, type RunWrite, type Store } from "@quell/core";
import { memoryStore } from "@quell/memory";
import { afterEach, describe, expect, it } from "vitest";
import { createEngine, type Engine, virtualClock } from "../../src/index";
import { runOf } from "../support/fixtures";

const quiet = { debug() {}, info() {}, warn() {}, error: console.error };

const paidOrder = new Quell({ id: "app" }).createFunction(
  { id: "order" },
  { event: "order/created" },
  async ({ step }) => {
    const paid = await step.waitForEvent("paid", { event: "order/paid", timeout: "1h" });
    return paid === null ? "timed out" : paid.data.amount;
  },
);

/**
 * The memory store, with a hook that runs once, right before the commit that adds a wait
 * listener reaches the store: after the handler reported `WaitForEvent`, before it commits.
 */
const gappedStore = () => {
  const inner = memoryStore();
  let hook: (() => Promise<void>) | null = null;
  const store: Store = {
    ...inner,
    commitRun: async (write: RunWrite & { readonly expectedVersion: number }) => {
      const run = hook;
      if (run !== null && write.addListeners.some((l) => l.kind === "wait")) {
        hook = null;
        await run();
      }
      return inner.commitRun(write);
    },
  };
  return {
    store,
    inGap: (fn: () => Promise<void>) => {
      hook = fn;
    },
  };
};

const waitListenerOf = async (store: Store, runId: string): Promise<Listener | undefined> =>
  (await store.findListeners("order/paid", () => null)).find(
    (l) => l.runId === runId && l.kind === "wait",
  );

describe("waitForEvent counts events from the commit that registers it", () => {
  const engines: Engine[] = [];
  afterEach(async () => {
    for (const engine of engines.splice(0)) await engine.stop();
  });

  const start = async (store: Store) => {
    const clock = virtualClock(Date.UTC(2024, 0, 1));
    const engine = createEngine({ functions: [paidOrder], store, clock, logger: quiet });
    engines.push(engine);
    await engine.start();
    return engine;
  };

  it("an event ingested and processed before the commit is behind the wait's position", async () => {
    const { store, inGap } = gappedStore();
    const engine = await start(store);
    let early: string | undefined;
    inGap(async () => {
      // Ingested and fully processed while the wait is reported but not committed: there is no
      // listener yet, so it matches nothing, and it must not count as after the wait either.
      early = (await engine.send({ name: "order/paid", data: { amount: 1 } })).ids[0];
    });
    const { ids } = await engine.send({ name: "order/created", data: {} });
    await engine.idle();
    const run = await runOf(engine, ids[0]);
    expect(run.status).toBe("Waiting");

    const earlySeq = (await store.getEvent(early ?? ""))?.seq ?? Number.NaN;
    expect(await store.pendingEvents(10)).toEqual([]); // processed, and it matched nothing
    const listener = await waitListenerOf(store, run.id);
    // The commit came after the early event: its position includes it.
    expect(listener?.afterSeq).toBe(earlySeq);

    await engine.send({ name: "order/paid", data: { amount: 2 } });
    await engine.idle();
    const done = await engine.getRun(run.id);
    expect(done?.status).toBe("Completed");
    expect(done?.output).toBe(2);
  });

  it("an event ingested before the commit but processed after it does not resolve the wait", async () => {
    const { store, inGap } = gappedStore();
    const engine = await start(store);
    let early: string | undefined;
    inGap(async () => {
      // Ingested but not processed yet: the tick after the commit processes it, with the
      // listener in place. It was ingested before the wait committed, so it is not a match.
      const at = Date.UTC(2024, 0, 1);
      const [result] = await store.ingest([
        {
          internalId: "early-paid",
          payload: { name: "order/paid", data: { amount: 1 }, id: "early-paid", ts: at, user: {} },
          dedupeKey: null,
          receivedAt: at,
        },
      ]);
      early = result?._tag === "Ingested" ? result.event.internalId : undefined;
    });
    const { ids } = await engine.send({ name: "order/created", data: {} });
    await engine.idle();
    const run = await runOf(engine, ids[0]);

    expect(early).toBe("early-paid");
    expect(await store.pendingEvents(10)).toEqual([]); // the tick after the commit processed it
    expect(run.status).toBe("Waiting");
    const earlySeq = (await store.getEvent("early-paid"))?.seq ?? Number.NaN;
    expect((await waitListenerOf(store, run.id))?.afterSeq).toBe(earlySeq);

    const late = await engine.send({ name: "order/paid", data: { amount: 2 } });
    await engine.idle();
    const done = await engine.getRun(run.id);
    expect(done?.status).toBe("Completed");
    expect(done?.output).toBe(2);
    const step = done?.steps.find((s) => s.id === "paid");
    expect(step).toMatchObject({ status: "completed", output: { id: late.ids[0] } });
  });

  it("with nothing in the gap, the wait's position is the trigger's and the next event matches", async () => {
    const store = memoryStore();
    const engine = await start(store);
    const { ids } = await engine.send({ name: "order/created", data: {} });
    await engine.idle();
    const run = await runOf(engine, ids[0]);
    const trigger = await store.getEvent(ids[0] ?? "");
    expect((await waitListenerOf(store, run.id))?.afterSeq).toBe(trigger?.seq);
    await engine.send({ name: "order/paid", data: { amount: 3 } });
    await engine.idle();
    expect((await engine.getRun(run.id))?.output).toBe(3);
  });
});
