import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Redis } from "ioredis";
import { afterAll, describe, expect, it } from "vitest";
import { redisStore } from "../src/index";
import { type RedisServer, startRedisServer, uniquePrefix } from "../src/testing";
import { WORK } from "./support/functions";
import { ingestLoad } from "./support/ingest-load";
import { badRefusals, outageBatch, outageViolations, settledRuns } from "./support/outage-checks";
import { killQuellProcesses, startCluster } from "./support/quell-processes";
import { until } from "./support/until";

// Issue 10, item 3: `quell start` and two `quell worker` processes under load while Redis is
// SIGKILLed, kept down 5 s, and restarted from its append-only file (appendfsync always).

const OUTAGE_MS = 5_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const cleanup: (() => Promise<void>)[] = [];
afterAll(async () => {
  killQuellProcesses();
  for (const step of cleanup.splice(0).reverse()) await step();
});

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
      const load = ingestLoad(cluster.api.url, outageBatch);
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
      const runs = await settledRuns(store);

      // No process exited, however the outage looked from where it was.
      expect(cluster.all.map((p) => [p.name, p.alive()])).toEqual(
        cluster.all.map((p) => [p.name, true]),
      );
      // Ingestion answered 200 or 503, never anything else; 503 in the usual shape, with
      // Retry-After, and at least once during the outage.
      expect(load.answers.filter((a) => a.status !== 200 && a.status !== 503)).toEqual([]);
      expect(
        badRefusals(load.answers, "1", /^store unavailable: redis 127\.0\.0\.1:\d+: /),
      ).toEqual([]);
      const duringOutage = load.answers.filter((a) => a.at >= killedAt && a.at < back);
      expect(duringOutage.filter((a) => a.status === 503).length).toBeGreaterThan(0);

      // Every acknowledged event has its run, which ended; SPEC §7 holds over the history.
      expect(await outageViolations(runs, load.answers, admin, prefix)).toEqual([]);
      const work = runs.filter((r) => r.functionId === WORK);
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
