import { Quell, type Run } from "@quell/core";
import { memoryStore } from "@quell/memory";
import { describe, expect, it } from "vitest";
import { createEngine, virtualClock } from "../../src/index";
import { gate, runOf } from "../support/fixtures";
import { watchers } from "../support/system-watchers";

// SPEC §7.10, the model checker's "late report races a cancel and the retry" on the real engine:
// a worker stalls in a step past its lease; another process takes the run over and runs the
// step again; the run is cancelled; then the first worker, presumed dead, reports after all.
// Two engines share one memory store, each on its own virtual clock: the stalled one's clock
// never moves, so it never renews its lease.

const T0 = Date.UTC(2024, 0, 1);
const LEASE_MS = 3_000;
const quiet = { debug() {}, info() {}, warn() {}, error: console.error };

const pushStep = (run: Run | null) => Object.values(run?.steps ?? {}).find((s) => s.id === "push");

describe("a late report from a worker presumed dead", () => {
  it("changes nothing, is logged, and the run settles with the step of the worker that took over", async () => {
    const store = memoryStore();
    const stalled = gate<string>();
    const retried = gate<string>();
    let executions = 0;
    const quell = new Quell({ id: "late" });
    const push = quell.createFunction(
      { id: "push", retries: 0 },
      { event: "late/go" },
      async ({ step }) =>
        step.run("push", () => {
          executions += 1;
          return (executions === 1 ? stalled : retried).pass();
        }),
    );
    const watch = watchers(quell);
    const functions = [push, ...watch.functions];

    const logged: string[] = [];
    const logger = { ...quiet, info: (message: unknown) => logged.push(String(message)) };
    const first = createEngine({
      functions,
      store,
      clock: virtualClock(T0),
      logger,
      leaseMs: LEASE_MS,
    });
    await first.start();
    const { ids } = await first.send({ name: "late/go" });
    await stalled.entered;
    const runId = (await runOf(first, ids[0])).id;

    const clock = virtualClock(T0);
    const second = createEngine({ functions, store, clock, logger: quiet, leaseMs: LEASE_MS });
    await second.start();
    // The lease runs out: the second process takes the run over and runs the step again. The
    // clock's timer waits for what it started, so this resolves only once that step ends.
    const advancing = clock.advance(LEASE_MS);
    await retried.entered;
    expect((await store.getRun(runId))?.leaseEpoch).toBe(1);

    await second.cancelRun(runId, { reason: "user asked" });
    expect((await store.getRun(runId))?.state).toBe("cancelling");

    stalled.open("from the worker presumed dead");
    await first.idle();
    const meanwhile = await store.getRun(runId);
    expect(meanwhile?.state).toBe("cancelling"); // not settled by the late report
    expect(pushStep(meanwhile)).toBeUndefined();
    expect(logged).toEqual([
      `quell: run ${runId}: late report from lease epoch 0: the run's lease was taken over (epoch 1)`,
    ]);

    retried.open("from the worker that took over");
    await advancing;
    await second.idle();
    await first.idle();
    const settled = await store.getRun(runId);
    expect(settled?.state).toBe("cancelled");
    expect(pushStep(settled)).toMatchObject({
      status: "completed",
      output: "from the worker that took over",
      settledAfterCancel: true,
    });
    expect(watch.cancelled.map((e) => e.data.run_id)).toEqual([runId]); // once, after it settled
    expect(executions).toBe(2);
    await first.stop();
    await second.stop();
  });
});
