// `pnpm bench [--quick] [--only=id,id] [--store=name]`: run every scenario, print the table, write
// bench/results/latest.json, the chart, and (full runs) the results section of docs/benchmarks.md.
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { storeAdapters } from "./harness/stores";
import { renderBullmqChart } from "./report/bullmq-chart";
import { renderChart } from "./report/chart";
import { updateDocs } from "./report/docs";
import { flatnessRows } from "./report/flatness";
import { describeMachine, machineLine } from "./report/machine";
import { markdownTable, targetsTable, textTable } from "./report/table";
import { runTask } from "./run-task";
import { tasksFor } from "./scenarios/index";
import { settingsFor } from "./settings";
import type { ChartPoint, Mode, Row } from "./types";

const root = fileURLToPath(new URL("../../../", import.meta.url));
const results = join(root, "bench", "results");

const args = process.argv.slice(2);
const unknown = args.filter((a) => a !== "--quick" && !/^--(only|store)=./.test(a));
if (unknown.length > 0) {
  throw new Error(
    `unknown arguments ${unknown.join(" ")}; use [--quick] [--only=id,id] [--store=name]`,
  );
}
const mode: Mode = args.includes("--quick") ? "quick" : "full";
const onlyArg = args.find((a) => a.startsWith("--only="))?.slice("--only=".length);
const only = onlyArg === undefined ? null : new Set(onlyArg.split(","));
const store = args.find((a) => a.startsWith("--store="))?.slice("--store=".length) ?? "memory";
const adapter = storeAdapters[store];
if (adapter === undefined) throw new Error(`unknown store ${store}`);
/** The memory store's results are the reference: other stores write next to them. */
const resultsFile = store === "memory" ? "latest.json" : `latest-${store}.json`;

const main = async (): Promise<void> => {
  const machine = describeMachine();
  const started = Date.now();
  console.log(`quell bench (${mode}) on ${machineLine(machine)}\n`);
  const rows: Row[] = [];
  const points: ChartPoint[] = [];
  const tasks = tasksFor(settingsFor(mode), adapter.measuresHeap).filter(
    (t) => only === null || only.has(t.id),
  );
  for (const task of tasks) {
    const t0 = Date.now();
    const result = await runTask(task, mode, store);
    rows.push(...result.rows);
    points.push(...result.points);
    for (const note of result.notes) console.log(`  ${note}`);
    console.log(`  (${task.id}: ${((Date.now() - t0) / 1000).toFixed(1)} s)`);
  }
  const matchRows = rows.filter((r) => r.name.startsWith("match_"));
  const isCalibration = (r: Row): boolean => r.name.startsWith("calibration_");
  const rest = rows.filter((r) => !matchRows.includes(r) && !isCalibration(r));
  const ordered = [...matchRows, ...flatnessRows(points), ...rest, ...rows.filter(isCalibration)];
  console.log(`\n${textTable(ordered)}\n`);
  await mkdir(results, { recursive: true });
  await writeFile(join(results, resultsFile), `${JSON.stringify(ordered, null, 2)}\n`);
  const title = `Quell, ${store} store: one cancel event vs pending listeners (${mode})`;
  const chart = renderChart(points, title);
  const bullmq = renderBullmqChart(ordered, "Quell on Redis beside BullMQ, per second");
  const command = ["pnpm bench", ...args].join(" ");
  const minutes = ((Date.now() - started) / 60_000).toFixed(1);
  if (mode === "full" && only === null && store === "memory") {
    await writeFile(join(root, "docs", "benchmarks.svg"), chart);
    if (bullmq !== "") await writeFile(join(root, "docs", "benchmarks-bullmq.svg"), bullmq);
    const section = [
      `Measured with \`${command}\` on ${new Date(started).toISOString().slice(0, 10)} (${minutes} min).`,
      `Machine: ${machineLine(machine)}.`,
      "",
      markdownTable(ordered),
      "",
      "![cost per cancel event against pending listeners](benchmarks.svg)",
      "",
      ...(bullmq === "" ? [] : ["![Quell on Redis beside BullMQ](benchmarks-bullmq.svg)", ""]),
      targetsTable(ordered),
    ].join("\n");
    const updated = await updateDocs(join(root, "docs", "benchmarks.md"), section);
    console.log(
      updated
        ? "updated docs/benchmarks.md and docs/benchmarks.svg"
        : "docs/benchmarks.md has no results markers",
    );
  } else if (chart !== "") {
    await writeFile(join(results, `benchmarks-${store}-${mode}.svg`), chart);
  }
  console.log(`wrote bench/results/${resultsFile} (${minutes} min)`);
};

await main();
