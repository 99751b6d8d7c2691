import type { Run } from "@quell/core";
import { createPartitionedEngine, type Engine } from "@quell/engine";
import { afterAll, describe, expect, it } from "vitest";
import { partitionPrefixes, type RedisStore, redisStore } from "../../src/index";
import { uniquePrefix } from "../../src/testing";
import { allRuns, invariantViolations, readAcross, systemEventCounts } from "./checks";
import { APP, CLEANUP, SLEEPER, testFunctions, WORK } from "./functions";
import { killAllWorkers, startWorker, type WorkerProcess } from "./processes";
import { createRecorder, readHistory } from "./recorder";

const WORK_RUNS = 700;
const SLEEPERS = 300;
const LEASE_MS = 2_000;
const POLL_MS = 50;
const DEADLINE_MS = 120_000;

const quiet = { debug() {}, info() {}, warn: console.warn, error: console.error };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** What each work run is in for, by its index. */
const fate = (i: number): "event" | "api" | "early-cancel" | "none" => {
  const r = i % 10;
  if (r === 1 || r === 4) return "event";
  if (r === 2 || r === 5) return "api";
  if (r === 7) return "early-cancel"; // a cancel event ingested before the trigger (SPEC R3)
  return "none";
};

import type { TargetEnv } from "./target";
import { until as pollUntil } from "./until";

/**
 * 3 worker processes and an API process (this one) on the Redis `env()` names (one server in
 * multi-process.test.ts, a cluster in cluster-processes.test.ts): SPEC §7 over 1,000 runs.
 */
export const describeMultiProcessSuite = (
  env: () => TargetEnv,
  /** Namespaces the runs are spread over (`createPartitionedEngine`): 1, the engine itself. */
  { partitions = 1 }: { readonly partitions?: number } = {},
): void => {
  afterAll(async () => {
    await killAllWorkers();
  });

  const until = (what: string, check: () => Promise<string | true>): Promise<void> =>
    pollUntil(what, check, DEADLINE_MS, 200);

  const over = partitions === 1 ? "one namespace" : `${partitions} partitions`;
  describe(`3 worker processes and an API process on one Redis (${over})`, () => {
    it(
      "keep SPEC §7 over 1,000 runs with cancel events, API cancels and a bulk cancellation",
      { timeout: 240_000 },
      async () => {
        const prefix = uniquePrefix("mp");
        const settings = {
          target: env().target,
          prefix,
          concurrency: 20,
          leaseMs: LEASE_MS,
          pollMs: POLL_MS,
          partitions,
        };
        const workers: WorkerProcess[] = await Promise.all(
          ["w1", "w2", "w3"].map((name) => startWorker(name, settings)),
        );
        const stores: RedisStore[] = partitionPrefixes(prefix, partitions).map((at) =>
          redisStore({ ...env().target, prefix: at }),
        );
        const store = readAcross(stores);
        const recorder = createRecorder(env().target, prefix, "api", partitions);
        const api: Engine = createPartitionedEngine({
          functions: testFunctions(recorder, prefix),
          stores,
          logger: quiet,
          concurrency: 0, // ingests, processes events, cancels; never executes
          leaseMs: LEASE_MS,
          pollMs: POLL_MS,
        });
        await api.start();

        // Work runs, 50 per batch; cancel events go out with the next batch, API cancels a little later.
        const workEvents: string[] = [];
        const apiCancels: Promise<string>[] = [];
        for (let first = 0; first < WORK_RUNS; first += 50) {
          const batch = Array.from({ length: 50 }, (_, j) => first + j);
          const early = batch
            .filter((i) => fate(i) === "early-cancel")
            .map((i) => ({ name: "mp/cancel", data: { id: `w${i}` } }));
          const late = batch
            .filter((i) => fate(i) === "event" && i >= 50)
            .map((i) => ({ name: "mp/cancel", data: { id: `w${i - 50}` } }));
          const { ids } = await api.send([
            ...early,
            ...late,
            ...batch.map((i) => ({ name: "mp/work", data: { id: `w${i}` } })),
          ]);
          workEvents.push(...ids.slice(early.length + late.length));
          for (const i of batch.filter((k) => fate(k) === "api")) {
            const eventId = ids[early.length + late.length + (i - first)] ?? "";
            apiCancels.push(cancelByApi(api, eventId, (i % 7) * 3));
          }
          await sleep(10);
        }
        await api.send(
          Array.from({ length: 50 }, (_, j) => WORK_RUNS - 50 + j)
            .filter((i) => fate(i) === "event")
            .map((i) => ({ name: "mp/cancel", data: { id: `w${i}` } })),
        );

        // Sleepers: the bulk cancellation covers the first half only, and of it, group "a".
        const sleeperEvent = (n: number) => ({
          name: "mp/sleep",
          data: { n, group: n % 3 === 0 ? "a" : "b" },
        });
        const firstHalf = (
          await api.send(Array.from({ length: SLEEPERS / 2 }, (_, n) => sleeperEvent(n)))
        ).ids;
        await until("the first sleepers to exist", async () => {
          const made = await Promise.all(firstHalf.map((id) => store.runsForEvent(id)));
          return made.every((runs) => runs.length === 1) || "not all created";
        });
        const before = Date.now();
        await sleep(5);
        const bulk = await api.createCancellation({
          appId: APP,
          functionId: "sleeper",
          startedBefore: before,
          if: "event.data.group == 'a'",
        });
        await api.send(
          Array.from({ length: SLEEPERS / 2 }, (_, n) => sleeperEvent(SLEEPERS / 2 + n)),
        );
        const apiOutcomes = await Promise.all(apiCancels);

        await until("every run to settle", async () => {
          const runs = await store.allRuns();
          const busy = runs.filter((r) =>
            ["queued", "running", "cancelling", "backoff"].includes(r.state),
          );
          const work = runs.filter(
            (r) => r.functionId === WORK && ["completed", "cancelled"].includes(r.state),
          );
          const cancelled = runs.filter(
            (r) => r.functionId !== CLEANUP && r.state === "cancelled",
          ).length;
          const cleaned = runs.filter(
            (r) => r.functionId === CLEANUP && r.state === "completed",
          ).length;
          const bulkStatus = await store.bulkStatus(bulk.id);
          if (busy.length > 0) return `${busy.length} runs busy`;
          if (work.length !== WORK_RUNS) return `${work.length} work runs ended`;
          if (bulkStatus !== "completed") return `bulk ${bulkStatus}`;
          return cleaned === cancelled || `${cleaned} cleanups for ${cancelled} cancelled runs`;
        });
        expect(await Promise.all(workers.map((w) => w.stop()))).toEqual([0, 0, 0]);
        await api.stop();

        const runs = await store.allRuns();
        const history = await readHistory(env().admin, prefix, partitions);
        const events = await systemEventCounts(env().admin, prefix, partitions);
        const violations = invariantViolations(runs, history, events, CLEANUP);
        if (violations.length > 0 && process.env.QUELL_TEST_DEBUG) {
          for (const v of violations.slice(0, 3)) {
            const id = v.split(":")[0] ?? "";
            console.log(
              JSON.stringify(
                runs.find((r) => r.id === id),
                null,
                1,
              ),
            );
            console.log(history.filter((h) => h.run === id));
          }
        }
        expect(violations).toEqual([]);

        // Every partition holds some of the runs (each run in one: counted above).
        for (const held of await Promise.all(stores.map(allRuns)))
          expect(held.length).toBeGreaterThan(0);

        // Every process did some of the work.
        const ran = new Set(history.filter((r) => r.k === "start").map((r) => r.w));
        expect([...ran].sort()).toEqual(["w1", "w2", "w3"]);

        // Each work run ended as its fate allows (SPEC R3, R9: a cancel that came too late leaves it completed).
        const workRuns = new Map<string, Run>();
        for (const run of runs)
          if (run.functionId === WORK) workRuns.set(String(run.event.data.id), run);
        expect(workRuns.size).toBe(WORK_RUNS);
        expect(runs.filter((r) => r.functionId === WORK)).toHaveLength(WORK_RUNS);
        const wrong: string[] = [];
        for (let i = 0; i < WORK_RUNS; i++) {
          const run = workRuns.get(`w${i}`) as Run;
          const source = run.cancellation?.source ?? null;
          const allowed: (string | null)[] =
            fate(i) === "event" || fate(i) === "api" ? [null, fate(i)] : [null];
          if (!allowed.includes(source)) wrong.push(`w${i} (${fate(i)}): cancelled by ${source}`);
          if ((source === null) !== (run.state === "completed"))
            wrong.push(`w${i}: ${run.state} with ${source}`);
          const outputs = ["s1", "s2", "s3"].map((id) =>
            Object.values(run.steps).find((s) => s.id === id && s.status === "completed"),
          );
          if (
            run.state === "completed" &&
            JSON.stringify(run.output) !==
              JSON.stringify(outputs.map((s) => s?.status === "completed" && s.output))
          ) {
            wrong.push(`w${i}: output ${JSON.stringify(run.output)} is not its committed steps`);
          }
        }
        expect(wrong).toEqual([]);
        expect(apiOutcomes.filter((o) => o === "cancelled").length).toBeGreaterThan(0);

        // The bulk cancellation cancelled exactly the runs it selects (SPEC §7.6).
        const sleepers = runs.filter((r) => r.functionId === SLEEPER);
        expect(sleepers).toHaveLength(SLEEPERS);
        for (const run of sleepers) {
          const n = Number(run.event.data.n);
          const selected = n < SLEEPERS / 2 && run.event.data.group === "a";
          expect([n, run.state, run.cancellation?.source ?? null]).toEqual(
            selected ? [n, "cancelled", "bulk"] : [n, "sleeping", null],
          );
        }
        await recorder.close();
        await Promise.all(stores.map((s) => s.close()));
      },
    );
  });

  /** Cancel through the API once the trigger's run exists; "cancelled" or "too late" (409). */
  const cancelByApi = async (api: Engine, eventId: string, delayMs: number): Promise<string> => {
    await sleep(delayMs);
    for (;;) {
      const [run] = await api.runsForEvent(eventId);
      if (run !== undefined) {
        try {
          await api.cancelRun(run.id, { reason: "test" });
          return "cancelled";
        } catch (error) {
          if ((error as Error).name === "RunConflictError") return "too late";
          throw error;
        }
      }
      await sleep(5);
    }
  };
};
