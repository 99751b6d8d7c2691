/**
 * What an operator sees when Redis goes away under load, and how fast Quell recovers:
 * `quell start` and two `quell worker` processes (real CLI processes) ingesting a steady load,
 * plus runs that come due while Redis is down; redis-server (appendfsync always) is SIGKILLed,
 * kept down OUTAGE_MS, and restarted on the same append-only file.
 *
 * - outage_answer: what `POST /e/<key>` answers meanwhile (status, Retry-After, body);
 * - outage_answer_ms: how long such an answer takes (median);
 * - redis_start_ms: from starting redis-server again to its first PONG (loading the AOF);
 * - recovery_first_ingest_ms: from starting redis-server again to the first 200;
 * - recovery_due_runs_ms: from then to every run due during the outage finished;
 * - recovery_all_runs_ms: from then to every run finished and every event processed.
 * (Quell's own share is roughly each recovery figure minus redis_start_ms: the processes
 * reconnect, backing off, at most a second apart.)
 *
 * Run: pnpm --filter @quell/redis bench:outage   (prints a table, writes results/outage.json)
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { redisStore } from "../src/index";
import { startRedisServer, uniquePrefix } from "../src/testing";
import { allRuns } from "../test/support/checks";
import { ingestLoad } from "../test/support/ingest-load";
import { outageBatch, settledRuns } from "../test/support/outage-checks";
import { EVENT_KEY, killQuellProcesses, startCluster } from "../test/support/quell-processes";
import { until } from "../test/support/until";

const OUTAGE_MS = Number(process.env.OUTAGE_MS ?? 5_000);
const DUE_RUNS = 50;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const median = (values: readonly number[]): number =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;

const aofDir = mkdtempSync(join(tmpdir(), "quell-outage-bench-"));
let redis = await startRedisServer({ aofDir });
const prefix = uniquePrefix("bench");
const cluster = await startCluster({ redisUrl: redis.url, prefix, workers: 2 });
const store = redisStore({ url: redis.url, prefix, onAvailabilityChange: () => {} });
try {
  const load = ingestLoad(cluster.api.url, outageBatch);
  await until(
    "load to flow",
    async () => load.answers.filter((a) => a.status === 200).length >= 30 || "no",
  );
  // Runs that fall asleep now and are due in the middle of the outage.
  const nap = Array.from({ length: DUE_RUNS }, (_, i) => ({
    name: "chaos/nap",
    data: { i, ms: OUTAGE_MS / 2 },
  }));
  const sent = await fetch(`${cluster.api.url}/e/${EVENT_KEY}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(nap),
  });
  const napIds = new Set(((await sent.json()) as { ids: string[] }).ids);
  await until("the due runs to sleep", async () => {
    const asleep = (await allRuns(store)).filter(
      (r) => napIds.has(r.triggerEventId) && r.state === "sleeping",
    );
    return asleep.length === DUE_RUNS || `${asleep.length} asleep`;
  });

  await redis.stop("SIGKILL");
  const killedAt = Date.now();
  await sleep(OUTAGE_MS);
  const restartAt = Date.now();
  redis = await startRedisServer({ port: redis.port, aofDir });
  const back = Date.now();

  const firstOk = async () => load.answers.find((a) => a.at >= killedAt && a.status === 200);
  await until("ingestion to answer 200", async () => (await firstOk()) !== undefined || "no");
  const first = (await firstOk())?.doneAt ?? Number.NaN;
  let dueDone = Number.NaN;
  await until(
    "the due runs to finish",
    async () => {
      const runs = (await allRuns(store)).filter((r) => napIds.has(r.triggerEventId));
      const done = runs.filter((r) => r.state === "completed").length;
      dueDone = Date.now();
      return done === DUE_RUNS || `${done} done`;
    },
    60_000,
    20,
  );
  await load.stop();
  const settled = await settledRuns(store);
  const allDone = Date.now();

  const outage = load.answers.filter((a) => a.at >= killedAt + 100 && a.doneAt < restartAt);
  const sample = outage[0];
  const rows = [
    {
      name: "outage_answer",
      value: `${sample?.status} Retry-After: ${sample?.retryAfter}`,
      meaning: JSON.stringify(sample?.body),
    },
    {
      name: "outage_statuses",
      value: [...new Set(outage.map((a) => a.status))].join(", "),
      meaning: `every answer while Redis was down (${outage.length} requests)`,
    },
    {
      name: "outage_answer_ms",
      value: median(outage.map((a) => a.doneAt - a.at)),
      meaning: "median time to answer during the outage",
    },
    {
      name: "redis_start_ms",
      value: back - restartAt,
      meaning: "redis-server started again → its first PONG (AOF loaded)",
    },
    {
      name: "recovery_first_ingest_ms",
      value: first - restartAt,
      meaning: "redis-server started again → first 200 from POST /e",
    },
    {
      name: "recovery_due_runs_ms",
      value: dueDone - restartAt,
      meaning: `→ all ${DUE_RUNS} runs that came due during the outage completed`,
    },
    {
      name: "recovery_all_runs_ms",
      value: allDone - restartAt,
      meaning: `→ all ${settled.length} runs ended and every event processed`,
    },
    {
      name: "processes_alive",
      value: cluster.all.filter((p) => p.alive()).length,
      meaning: `of ${cluster.all.length} (quell start + 2 quell worker)`,
    },
    {
      name: "log_lines",
      value: cluster.all.reduce((n, p) => n + p.stderrLines().length, 0),
      meaning: "stderr lines of all processes together",
    },
  ];
  console.log(`Redis down ${OUTAGE_MS} ms under load (${load.answers.length} requests)`);
  console.table(rows);
  for (const p of cluster.all) console.log(`${p.name}:`, p.stderrLines());
  const out = new URL("./results/", import.meta.url);
  mkdirSync(out, { recursive: true });
  writeFileSync(new URL("outage.json", out), `${JSON.stringify(rows, null, 2)}\n`);
  await Promise.all(cluster.all.map((p) => p.stop()));
} finally {
  killQuellProcesses();
  await store.close();
  await redis.stop("SIGKILL");
  rmSync(aofDir, { recursive: true, force: true });
}
