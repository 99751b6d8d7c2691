import { mkdirSync, writeFileSync } from "node:fs";

/** Print a bench's figures as a table and write them to `results/<name>.json`. */
export const report = (name: string, rows: Readonly<Record<string, number>>): void => {
  console.table(rows);
  const out = new URL("./results/", import.meta.url);
  mkdirSync(out, { recursive: true });
  writeFileSync(new URL(`${name}.json`, out), `${JSON.stringify(rows, null, 2)}\n`);
};
