// `tsx packages/bench/src/redis-vs-bullmq.ts [--items=N] [--concurrency=C]`: Quell on Redis and
// BullMQ side by side on one private redis-server; prints the rows and writes
// bench/results/redis-vs-bullmq.json. The same rows come from `run()` for the bench's main list.
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { run } from "./scenarios/redis-vs-bullmq";

const flag = (name: string): number | undefined => {
  const arg = process.argv.find((a) => a.startsWith(`--${name}=`));
  return arg === undefined ? undefined : Number(arg.slice(name.length + 3));
};

const items = flag("items");
const concurrency = flag("concurrency");
const rows = await run({
  ...(items !== undefined ? { items } : {}),
  ...(concurrency !== undefined ? { concurrency } : {}),
  log: (line) => console.log(line),
});
const width = Math.max(...rows.map((r) => r.name.length));
for (const row of rows)
  console.log(`${row.name.padEnd(width)}  ${String(row.value).padStart(9)}  ${row.unit}`);
const results = join(fileURLToPath(new URL("../../../", import.meta.url)), "bench", "results");
await mkdir(results, { recursive: true });
await writeFile(join(results, "redis-vs-bullmq.json"), `${JSON.stringify(rows, null, 2)}\n`);
