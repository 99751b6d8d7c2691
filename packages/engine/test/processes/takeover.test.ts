import { Quell } from "@quell/core";
import { memoryStore } from "@quell/memory";
import { describe, expect, it } from "vitest";
import { createEngine, virtualClock } from "../../src/index";
import { stallingStore } from "../support/stalling-store";

// A process dies holding the events lock and two runs with a step in flight; another one, with
// the default lease, takes everything over once that lease has run out, and not before. Each
// process has its own virtual clock on one memory store: a dead process is one whose clock no
// longer moves (it never renews anything again) and whose work never finishes.

const T0 = Date.UTC(2024, 0, 1);
const DEFAULT_LEASE_MS = 10_000;
const quiet = { debug() {}, info() {}, warn() {}, error: console.error };

/** The app of one process; `everywhere` lists the step's executions in every process. */
const app = (everywhere: string[]) => {
  const quell = new Quell({ id: "takeover" });
  const starts: string[] = [];
  const fn = quell.createFunction(
    { id: "work", retries: 0, cancelOn: [{ event: "takeover/stop", match: "data.id" }] },
    { event: "takeover/go" },
    async ({ event, step }) =>
      step.run("slow", async () => {
        starts.push(String(event.data.id));
        everywhere.push(String(event.data.id));
        // The first execution of each run hangs: its process is the one that dies.
        if (everywhere.filter((id) => id === event.data.id).length === 1)
          await new Promise(() => {});
        return "done";
      }),
  );
  return { functions: [fn], starts };
};

describe("takeover after a process dies", () => {
  it("processes events and recovers runs once the default lease has run out", async () => {
    const shared = memoryStore();
    const everywhere: string[] = [];
    const dying = stallingStore(shared, "markProcessed");
    const dead = app(everywhere);
    const deadEngine = createEngine({
      functions: dead.functions,
      store: dying.store,
      clock: virtualClock(T0),
      logger: quiet,
    });
    await deadEngine.start();
    const { ids } = await deadEngine.send([
      { name: "takeover/go", data: { id: "x" } },
      { name: "takeover/go", data: { id: "y" } },
    ]);
    expect(dead.starts).toEqual(["x", "y"]);
    dying.arm(); // and never opened
    void deadEngine.send({ name: "takeover/noise" });
    await dying.entered; // it holds the events lock, and dies there

    const live = app(everywhere);
    const clock = virtualClock(T0);
    const engine = createEngine({
      functions: live.functions,
      store: shared,
      clock,
      logger: quiet,
      pollMs: 1_000,
    });
    await engine.start();
    await engine.send({ name: "takeover/stop", data: { id: "y" } });
    const runOf = async (eventId: string | undefined) =>
      (await engine.runsForEvent(eventId ?? ""))[0];

    await clock.advance(DEFAULT_LEASE_MS - 1_000);
    expect(await shared.pendingEvents(10)).toHaveLength(2); // the noise and the cancel
    expect((await runOf(ids[0]))?.status).toBe("Running");
    expect((await runOf(ids[1]))?.status).toBe("Running");
    expect(live.starts).toEqual([]);

    await clock.advance(1_100);
    await engine.idle();
    expect(await shared.pendingEvents(10)).toEqual([]);
    expect(live.starts).toEqual(["x"]); // x's step runs again here; y was cancelled meanwhile
    expect(await runOf(ids[0])).toMatchObject({ status: "Completed", output: "done" });
    const y = await runOf(ids[1]);
    expect(y).toMatchObject({ status: "Cancelled", cancellation: { source: "event" } });
    expect(y?.ended_at).not.toBeNull();
    await engine.stop();
  });
});
