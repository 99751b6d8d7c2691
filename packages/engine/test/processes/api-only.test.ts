import { Quell, type RunView } from "@quell/core";
import { memoryStore } from "@quell/memory";
import { describe, expect, it } from "vitest";
import { createEngine, virtualClock } from "../../src/index";
import { deferred } from "../support/drivers";
import { flush } from "../support/fixtures";

// An API-only engine (`workers: false`) and a worker engine on one store and one virtual clock.
// Every function records which process executed it: only the worker ever does, and everything
// the API process commits (cancellations, bulk records, pause, resume, replay) is carried out.

const POLL_MS = 100;
const LEASE_MS = 3_000;
const quiet = { debug() {}, info() {}, warn() {}, error: console.error };

/**
 * The functions as the process `who` registers them; `log` gets "<who> <function> <id>". The
 * step of `long` waits for `held`.
 */
const app = (who: string, log: string[], held: Promise<void>) => {
  const quell = new Quell({ id: "api" });
  const record = (fn: string, id: unknown) => log.push(`${who} ${fn} ${String(id)}`);
  return [
    quell.createFunction({ id: "work" }, { event: "api/work" }, async ({ event, step }) =>
      step.run("work", () => {
        record("work", event.data.id);
        return who;
      }),
    ),
    quell.createFunction(
      { id: "nap", cancelOn: [{ event: "api/wake", match: "data.id" }] },
      { event: "api/nap" },
      async ({ event, step }) => {
        await step.sleep("nap", "1h");
        record("nap", event.data.id);
      },
    ),
    quell.createFunction({ id: "long", retries: 0 }, { event: "api/long" }, async ({ step }) =>
      step.run("held", async () => {
        record("long", "started");
        await held;
        return "finished";
      }),
    ),
    quell.createFunction(
      { id: "cleanup" },
      { event: "inngest/function.cancelled" },
      async ({ event }) => record("cleanup", event.data.run_id),
    ),
  ];
};

const setup = async () => {
  const store = memoryStore();
  const clock = virtualClock();
  const log: string[] = [];
  const held = deferred();
  const common = { store, clock, logger: quiet, leaseMs: LEASE_MS };
  const api = createEngine({ ...common, functions: app("api", log, held.promise), workers: false });
  const worker = createEngine({
    ...common,
    functions: app("worker", log, held.promise),
    pollMs: POLL_MS,
  });
  await api.start();
  await worker.start();
  /** Let the worker poll, and wait for what it started. */
  const poll = async () => {
    await clock.advance(POLL_MS);
    await worker.idle();
  };
  const runOf = async (eventId: string | undefined): Promise<RunView | undefined> =>
    (await api.runsForEvent(eventId ?? ""))[0];
  return { store, clock, log, api, worker, poll, runOf, release: held.resolve };
};

describe("an API-only process (workers: false)", () => {
  it("ingests but processes nothing; the worker runs everything", async () => {
    const t = await setup();
    const { ids } = await t.api.send([1, 2, 3].map((id) => ({ name: "api/work", data: { id } })));
    await t.api.idle();
    expect(await t.store.pendingEvents(10)).toHaveLength(3);
    expect((await t.api.listRuns()).runs).toEqual([]);

    await t.poll();
    for (const id of ids)
      expect(await t.runOf(id)).toMatchObject({ status: "Completed", output: "worker" });
    expect(t.log.sort()).toEqual(["worker work 1", "worker work 2", "worker work 3"]);

    // A replay asked of the API process is executed by the worker.
    const replay = await t.api.replayRun((await t.runOf(ids[0]))?.id ?? "");
    expect(replay.status).toBe("Queued");
    await t.poll();
    expect(await t.api.getRun(replay.id)).toMatchObject({ status: "Completed", output: "worker" });
    expect(t.log.filter((line) => line.startsWith("api"))).toEqual([]);
    await t.api.stop();
    await t.worker.stop();
  });

  it("cancels: a sleeping run ends at once, a running one once its worker settles it", async () => {
    const t = await setup();
    const [napEvent, longEvent] = (
      await t.api.send([
        { name: "api/nap", data: { id: "n" } },
        { name: "api/long", data: {} },
      ])
    ).ids;
    // The worker's poll resolves once what it started is done: the step waits for `release`.
    const polling = t.poll();
    while (!t.log.includes("worker long started")) await flush();
    const nap = (await t.runOf(napEvent)) as RunView;
    const long = (await t.runOf(longEvent)) as RunView;
    expect([nap.status, long.status]).toEqual(["Sleeping", "Running"]);

    const napCancelled = await t.api.cancelRun(nap.id, { reason: "from the API" });
    expect(napCancelled.status).toBe("Cancelled");
    expect(napCancelled.ended_at).not.toBeNull();
    const longCancelled = await t.api.cancelRun(long.id);
    expect(longCancelled).toMatchObject({ status: "Cancelled", ended_at: null });

    t.release(); // the step in flight ends; the worker settles the run
    await polling;
    await t.poll(); // and processes both `inngest/function.cancelled` events
    const settled = await t.api.getRun(long.id);
    expect(settled?.status).toBe("Cancelled");
    expect(settled?.ended_at).not.toBeNull();
    expect(t.log.sort()).toEqual(
      [`worker cleanup ${long.id}`, `worker cleanup ${nap.id}`, "worker long started"].sort(),
    );
    expect(settled?.timeline.map((entry) => entry.type)).toContain("step.settled_after_cancel");
    await t.api.stop();
    await t.worker.stop();
  });

  it("records bulk cancellations, pauses and resumes that the worker carries out", async () => {
    const t = await setup();
    const first = (
      await t.api.send([1, 2].map((id) => ({ name: "api/nap", data: { id: `b${id}` } })))
    ).ids;
    await t.poll();
    const bulk = await t.api.createCancellation({
      appId: "api",
      functionId: "nap",
      startedBefore: t.clock.now(),
      if: "event.data.id == 'b1'",
    });
    expect(bulk.status).toBe("running");
    await t.poll();
    expect(await t.api.getCancellation(bulk.id)).toMatchObject({
      status: "completed",
      cancelled: 1,
    });
    expect((await t.runOf(first[0]))?.status).toBe("Cancelled");
    expect((await t.runOf(first[1]))?.status).toBe("Sleeping");

    await t.api.pauseFunction("nap");
    const [skipped] = (await t.api.send({ name: "api/nap", data: { id: "while-paused" } })).ids;
    await t.clock.advance("1h");
    await t.worker.idle();
    expect((await t.runOf(skipped))?.status).toBe("Skipped");
    // It woke, and is held at its step boundary.
    expect((await t.store.getRun((await t.runOf(first[1]))?.id ?? ""))?.state).toBe("paused");
    await t.api.resumeFunction("nap");
    await t.poll();
    expect((await t.runOf(first[1]))?.status).toBe("Completed");
    expect(t.log.sort()).toEqual([expect.stringMatching(/^worker cleanup /), "worker nap b2"]);
    await t.api.stop();
    await t.worker.stop();
  });
});
