// timeouts.start on a queued run: the engine is full (concurrency 1), so the run waits on the
// queue; the simulation starts every run at once and cannot show this (timeouts.test.ts holds a
// run before its start with a pause instead). The memory store here; Redis in
// packages/redis/test/timeouts.test.ts.
import { Quell, type RunView } from "@quell/core";
import { memoryStore } from "@quell/memory";
import { describe, expect, it } from "vitest";
import { createEngine, virtualClock } from "../../src/index";
import { flush, gate } from "../support/fixtures";

const T0 = Date.parse("2024-01-01T00:00:00.000Z");
const quiet = { debug() {}, info() {}, warn() {}, error: console.error };

describe("timeouts.start on a queued run (engine+memory, concurrency 1)", () => {
  it("cancels the run that waited on the queue past its limit; it never starts", async () => {
    const g = gate();
    let secondStarted = false;
    const fn = new Quell({ id: "app" }).createFunction(
      { id: "job", timeouts: { start: "2s" } },
      { event: "job/started" },
      async ({ event, step }) => {
        if (event.data.n === 2) secondStarted = true;
        await step.run("hold", () => g.pass());
      },
    );
    const clock = virtualClock(T0);
    const engine = createEngine({
      functions: [fn],
      store: memoryStore(),
      clock,
      logger: quiet,
      concurrency: 1,
      retention: false,
    });
    await engine.start();
    const first = await engine.send({ name: "job/started", data: { n: 1 } });
    await g.entered;
    const second = await engine.send({ name: "job/started", data: { n: 2 } });
    const waiting = (await engine.runsForEvent(second.ids[0] ?? ""))[0] as RunView;
    expect(waiting.state).toBe("queued");

    // While full, the engine looks at its timers every renewal interval (5 s).
    const advancing = clock.advance("5s");
    let run = waiting;
    for (let i = 0; i < 500 && run.state !== "cancelled"; i++) {
      await flush(2);
      run = (await engine.getRun(waiting.id)) as RunView;
    }
    expect(run.state).toBe("cancelled");
    expect(run.started_at).toBeNull();
    expect(run.cancellation).toEqual({
      source: "timeout",
      at: new Date(T0 + 5_000).toISOString(),
      reason: "start timeout 2s elapsed",
    });
    g.open();
    await advancing;
    await engine.idle();
    const done = (await engine.runsForEvent(first.ids[0] ?? ""))[0];
    expect(done?.status).toBe("Completed");
    expect(secondStarted).toBe(false);
    await engine.stop();
  });
});
