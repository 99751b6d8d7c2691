import type { Run } from "@quell/core";
import { createPartitionedEngine, type Engine } from "@quell/engine";
import { afterEach, describe, expect, it } from "vitest";
import { hashTag, partitionPrefixes, type RedisStore, redisStore } from "../../src/index";
import { uniquePrefix } from "../../src/testing";
import { invariantViolations, readAcross, systemEventCounts } from "./checks";
import { CLEANUP, GATED, testFunctions } from "./functions";
import { killAllWorkers, startWorker } from "./processes";
import { createRecorder, type HistoryRecord, type Recorder, readHistory } from "./recorder";

const LEASE_MS = 500;
const POLL_MS = 50;
const DEADLINE_MS = 60_000;
const quiet = { debug() {}, info() {}, warn: console.warn, error: console.error };

import type { TargetEnv } from "./target";
import { until as pollUntil } from "./until";

/**
 * Worker processes that crash (SIGKILL) or freeze (SIGSTOP) while their steps are in flight, on
 * the Redis `env()` names (one server in crash.test.ts, a cluster in cluster-crash.test.ts).
 */
export const describeCrashSuite = (
  env: () => TargetEnv,
  /** Namespaces the runs are spread over (`createPartitionedEngine`): 1, the engine itself. */
  { partitions = 1 }: { readonly partitions?: number } = {},
): void => {
  afterEach(async () => {
    await killAllWorkers();
  });

  const until = (what: string, check: () => Promise<string | true>): Promise<void> =>
    pollUntil(what, check, DEADLINE_MS, 25);

  /** One namespace with an API process (this one: it ingests and cancels, never executes). */
  const setup = async () => {
    const prefix = uniquePrefix("crash");
    const settings = {
      target: env().target,
      prefix,
      concurrency: 10,
      leaseMs: LEASE_MS,
      pollMs: POLL_MS,
      partitions,
    };
    const stores: RedisStore[] = partitionPrefixes(prefix, partitions).map((at) =>
      redisStore({ ...env().target, prefix: at }),
    );
    const store = readAcross(stores);
    const recorder: Recorder = createRecorder(env().target, prefix, "api", partitions);
    const api: Engine = createPartitionedEngine({
      functions: testFunctions(recorder, prefix),
      stores,
      logger: quiet,
      concurrency: 0,
      leaseMs: LEASE_MS,
      pollMs: POLL_MS,
    });
    await api.start();
    const runOf = async (eventId: string): Promise<Run> => {
      let run: Run | undefined;
      await until(`the run of ${eventId}`, async () => {
        [run] = await store.runsForEvent(eventId);
        return run !== undefined || "not created";
      });
      return run as Run;
    };
    const history = () => readHistory(env().admin, prefix, partitions);
    const started = async (runId: string, step: string, worker: string) =>
      until(
        `${step} of ${runId} to start on ${worker}`,
        async () =>
          (await history()).some(
            (r) => r.k === "start" && r.run === runId && r.step === step && r.w === worker,
          ) || "not yet",
      );
    const openGate = () => env().admin.set(`${hashTag(prefix)}test:gate`, "1");
    const close = async () => {
      await api.stop();
      await recorder.close();
      await Promise.all(stores.map((s) => s.close()));
    };
    return { prefix, settings, store, api, runOf, history, started, openGate, close };
  };

  const starts = (history: readonly HistoryRecord[], runId: string, step: string) =>
    history.filter((r) => r.k === "start" && r.run === runId && r.step === step).map((r) => r.w);

  /** The committed output of a step (undefined if it has none). */
  const committed = (run: Run, step: string): unknown => {
    const record = Object.values(run.steps).find((s) => s.id === step);
    return record?.status === "completed" ? record.output : undefined;
  };

  const over = partitions === 1 ? "" : ` (${partitions} partitions)`;
  describe(`a worker process crashes (SIGKILL) with steps in flight${over}`, () => {
    it(
      "finishes its run on another worker after the lease expires, and a cancel sent meanwhile holds",
      { timeout: 90_000 },
      async () => {
        const t = await setup();
        const w1 = await startWorker("w1", t.settings);
        const [finishEvent, cancelEvent] = (
          await t.api.send([
            { name: "mp/gated", data: { id: "finish" } },
            { name: "mp/gated", data: { id: "cancel" } },
          ])
        ).ids as [string, string];
        const finish = await t.runOf(finishEvent);
        const cancel = await t.runOf(cancelEvent);
        await t.started(finish.id, "b", "w1");
        await t.started(cancel.id, "b", "w1");

        w1.signal("SIGKILL");
        await w1.exited;
        // During the outage: the cancellation commits while step b is in flight on a dead worker.
        await t.api.send({ name: "mp/gated.cancel", data: { id: "cancel" } });
        await until("the cancellation to commit", async () => {
          const state = (await t.store.getRun(cancel.id))?.state;
          return state === "cancelling" || `${state}`;
        });

        const w2 = await startWorker("w2", t.settings);
        await t.openGate();
        await until("both runs to end and the cleanup to run", async () => {
          const runs = await t.store.allRuns();
          const byId = new Map(runs.map((r) => [r.id, r]));
          const cleaned = runs.some((r) => r.functionId === CLEANUP && r.state === "completed");
          return (
            (byId.get(finish.id)?.state === "completed" &&
              byId.get(cancel.id)?.state === "cancelled" &&
              cleaned) ||
            `${byId.get(finish.id)?.state}, ${byId.get(cancel.id)?.state}, cleanup ${cleaned}`
          );
        });
        expect(await w2.stop()).toBe(0);

        const runs = await t.store.allRuns();
        const history = await t.history();
        const events = await systemEventCounts(env().admin, t.prefix, partitions);
        expect(invariantViolations(runs, history, events, CLEANUP, new Set(["w1"]))).toEqual([]);

        const done = runs.find((r) => r.id === finish.id) as Run;
        // Step a committed before the crash: kept, never run again. Step b never committed on w1:
        // it ran again on w2 (at-least-once until commit), and w2's result is the one kept.
        expect(starts(history, finish.id, "a")).toEqual(["w1"]);
        expect(starts(history, finish.id, "b")).toEqual(["w1", "w2"]);
        expect(starts(history, finish.id, "c")).toEqual(["w2"]);
        expect(committed(done, "a")).toMatch(/^w1:/);
        expect(committed(done, "b")).toMatch(/^w2:/);
        expect(done.timeline.map((e) => e.type)).toContain("lease.expired");

        // The cancelled run: its in-flight step died with w1 and is not retried; nothing after it ran.
        const ended = runs.find((r) => r.id === cancel.id) as Run;
        expect(ended.cancellation?.source).toBe("event");
        expect(starts(history, cancel.id, "a")).toEqual(["w1"]);
        expect(starts(history, cancel.id, "b")).toEqual(["w1"]);
        expect(starts(history, cancel.id, "c")).toEqual([]);
        expect(events.cancelled.get(cancel.id)).toBe(1);
        expect(runs.filter((r) => r.functionId === GATED)).toHaveLength(2);
        await t.close();
      },
    );
  });

  describe(`a worker process freezes (SIGSTOP) past its lease${over}`, () => {
    it(
      "loses its run to another worker, and its late report changes nothing",
      { timeout: 90_000 },
      async () => {
        const t = await setup();
        const w1 = await startWorker("w1", t.settings);
        const [eventId] = (await t.api.send({ name: "mp/gated", data: { id: "stale" } })).ids as [
          string,
        ];
        const run = await t.runOf(eventId);
        await t.started(run.id, "b", "w1");

        w1.signal("SIGSTOP");
        const w2 = await startWorker("w2", t.settings);
        await t.started(run.id, "b", "w2"); // w2 took the run over once w1's lease expired
        w1.signal("SIGCONT");
        await t.openGate(); // both executions of b now finish; only w2's may commit
        await until(
          "the run to complete",
          async () => (await t.store.getRun(run.id))?.state === "completed" || "running",
        );
        await until(
          "w1's stale execution to end",
          async () =>
            (await t.history()).some(
              (r) => r.k === "end" && r.run === run.id && r.step === "b" && r.w === "w1",
            ) || "not yet",
        );
        expect(await w1.stop()).toBe(0);
        expect(await w2.stop()).toBe(0);

        const runs = await t.store.allRuns();
        const history = await t.history();
        const events = await systemEventCounts(env().admin, t.prefix, partitions);
        expect(invariantViolations(runs, history, events, CLEANUP)).toEqual([]);
        const done = (await t.store.getRun(run.id)) as Run;
        expect(starts(history, run.id, "a")).toEqual(["w1"]);
        expect(starts(history, run.id, "b")).toEqual(["w1", "w2"]);
        expect(committed(done, "b")).toMatch(/^w2:/);
        expect(done.output).toEqual(["a", "b", "c"].map((step) => committed(done, step)));
        await t.close();
      },
    );
  });
};
