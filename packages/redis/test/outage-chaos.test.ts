import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Run } from "@quell/core";
import { Redis } from "ioredis";
import { afterAll, describe, expect, it } from "vitest";
import { redisStore } from "../src/index";
import { type RedisServer, startRedisServer, uniquePrefix } from "../src/testing";
import { allRuns, invariantViolations, systemEventCounts } from "./support/checks";
import { CLEANUP, WORK } from "./support/functions";
import { ingestLoad } from "./support/ingest-load";
import { killQuellProcesses, startCluster } from "./support/quell-processes";
import { readHistory } from "./support/recorder";
import { until } from "./support/until";

// Issue 10, item 3: `quell start` and two `quell worker` processes under load while Redis is
// SIGKILLed, kept down 5 s, and restarted from its append-only file (appendfsync always).

const OUTAGE_MS = 5_000;
const TERMINAL = new Set(["completed", "failed", "cancelled"]);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const cleanup: (() => Promise<void>)[] = [];
afterAll(async () => {
  killQuellProcesses();
  for (const step of cleanup.splice(0).reverse()) await step();
});

/**
 * Batch n: four work runs; a cancel event for the first, right behind its trigger (it never
 * starts), and one for the second run of the batch before (it may be in flight, or done).
 */
const batch = (n: number) => [
  ...[0, 1, 2, 3].map((j) => ({ name: "mp/work", data: { id: `w${n}-${j}` } })),
  { name: "mp/cancel", data: { id: `w${n}-0` } },
  ...(n >= 1 ? [{ name: "mp/cancel", data: { id: `w${n - 1}-1` } }] : []),
];

describe("Redis killed under load, down 5 s, restarted on the same append-only file", () => {
  it(
    "no Quell process exits, ingestion answers 503 meanwhile, every run finishes, SPEC §7 holds",
    { timeout: 120_000 },
    async () => {
      const aofDir = mkdtempSync(join(tmpdir(), "quell-chaos-"));
      cleanup.push(async () => rmSync(aofDir, { recursive: true, force: true }));
      let redis: RedisServer = await startRedisServer({ aofDir });
      cleanup.push(() => redis.stop("SIGKILL"));
      const prefix = uniquePrefix("chaos");
      const cluster = await startCluster({ redisUrl: redis.url, prefix, workers: 2 });
      const load = ingestLoad(cluster.api.url, batch);
      const accepted = () => load.answers.filter((a) => a.status === 200).length;
      await until("load to flow", async () => accepted() >= 30 || `${accepted()} accepted`);

      await redis.stop("SIGKILL");
      const killedAt = Date.now();
      await sleep(OUTAGE_MS);
      redis = await startRedisServer({ port: redis.port, aofDir });
      const back = Date.now();
      const acceptedAfter = () => load.answers.filter((a) => a.at >= back && a.status === 200);
      const state = () =>
        `last answers ${load.answers
          .slice(-5)
          .map((a) => a.status)
          .join()}; alive: ${cluster.all.filter((p) => p.alive()).map((p) => p.name)}`;
      await until(
        "ingestion to answer 200 again",
        async () => acceptedAfter().length >= 20 || state(),
      );
      await load.stop();

      const store = redisStore({ url: redis.url, prefix, onAvailabilityChange: () => {} });
      const admin = new Redis(redis.url);
      cleanup.push(async () => {
        await store.close();
        await admin.quit();
      });
      let runs: Run[] = [];
      await until("every run to finish", async () => {
        runs = await allRuns(store);
        const busy = runs.filter((r) => !TERMINAL.has(r.state));
        const pending = await store.pendingEvents(1);
        return (busy.length === 0 && pending.length === 0) || `${busy.length} runs busy`;
      });

      if (process.env.QUELL_CHAOS_DEBUG)
        console.log(
          load.answers.map((a) => `${a.at - killedAt} ${a.status}`).join("\n"),
          `back at ${back - killedAt}, done at ${Date.now() - killedAt}`,
          cluster.all.map((p) => p.stderrLines()),
        );
      // No process exited, however the outage looked from where it was.
      expect(cluster.all.map((p) => [p.name, p.alive()])).toEqual(
        cluster.all.map((p) => [p.name, true]),
      );
      // Ingestion answered 200 or 503, never anything else; 503 in the usual shape, with
      // Retry-After, and at least once during the outage.
      const unexpected = load.answers.filter((a) => a.status !== 200 && a.status !== 503);
      expect(unexpected).toEqual([]);
      const refused = load.answers.filter((a) => a.status === 503);
      for (const answer of refused) {
        expect(answer.body).toEqual({
          error: expect.stringMatching(/^store unavailable: redis 127\.0\.0\.1:\d+: /),
          status: 503,
        });
        expect(answer.retryAfter).toBe("1");
      }
      expect(refused.filter((a) => a.at >= killedAt && a.at < back).length).toBeGreaterThan(0);

      // Every event acknowledged with 200 is there, and started exactly one run, which ended.
      const byEvent = new Map<string, Run[]>();
      for (const run of runs) {
        const list = byEvent.get(run.triggerEventId) ?? [];
        list.push(run);
        byEvent.set(run.triggerEventId, list);
      }
      const missing: string[] = [];
      for (const answer of load.answers.filter((a) => a.status === 200)) {
        answer.events.forEach((event, i) => {
          const id = answer.body.ids?.[i] ?? "";
          if (event.name === "mp/work" && byEvent.get(id)?.length !== 1) missing.push(id);
        });
      }
      expect(missing).toEqual([]);

      // SPEC §7 over the whole history, and cancellations only by the events sent for them.
      const history = await readHistory(admin, prefix);
      const events = await systemEventCounts(admin, prefix);
      expect(invariantViolations(runs, history, events, CLEANUP)).toEqual([]);
      const cancelTargets = new Set(
        load.answers.flatMap((a) =>
          a.events.filter((e) => e.name === "mp/cancel").map((e) => String(e.data?.id)),
        ),
      );
      const work = runs.filter((r) => r.functionId === WORK);
      const wronglyCancelled = work.filter(
        (r) =>
          r.state === "cancelled" &&
          (r.cancellation?.source !== "event" || !cancelTargets.has(String(r.event.data.id))),
      );
      expect(wronglyCancelled).toEqual([]);
      expect(work.filter((r) => r.state === "completed").length).toBeGreaterThan(0);
      expect(work.filter((r) => r.state === "cancelled").length).toBeGreaterThan(0);

      // Each process said it once: lost, then back; nothing else on stderr.
      for (const p of cluster.all) {
        expect([p.name, p.stderrLines()]).toEqual([
          p.name,
          [
            expect.stringMatching(/^redis 127\.0\.0\.1:\d+: .+; retrying$/),
            expect.stringMatching(/^redis 127\.0\.0\.1:\d+: available again after \d+\.\d s$/),
          ],
        ]);
      }
      expect(await Promise.all(cluster.all.map((p) => p.stop()))).toEqual([0, 0, 0]);
    },
  );
});
