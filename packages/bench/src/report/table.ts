import type { Row } from "../types";
import { describeTarget, targets, verdict } from "./targets";

const formatValue = (row: Row): string =>
  Number.isInteger(row.value) ? row.value.toLocaleString("en-US") : row.value.toFixed(2);

const cells = (row: Row): string[] => [
  row.name,
  formatValue(row),
  row.unit,
  describeTarget(row.name),
  verdict(row),
];

const HEADER = ["name", "value", "unit", "target", ""];

/** A fixed-width table for the terminal. */
export const textTable = (rows: readonly Row[]): string => {
  const lines = [HEADER, ...rows.map(cells)];
  const widths = HEADER.map((_, i) => Math.max(...lines.map((line) => (line[i] ?? "").length)));
  const render = (line: readonly string[]): string =>
    line
      .map((cell, i) => (i === 1 ? cell.padStart(widths[i] ?? 0) : cell.padEnd(widths[i] ?? 0)))
      .join("  ")
      .trimEnd();
  const rule = widths.map((w) => "-".repeat(w)).join("  ");
  return [render(HEADER), rule, ...rows.map((row) => render(cells(row)))].join("\n");
};

/** The same table in Markdown, for docs/benchmarks.md. */
export const markdownTable = (rows: readonly Row[]): string => {
  const head = "| name | value | unit | target | |\n|---|--:|---|---|---|";
  return [head, ...rows.map((row) => `| ${cells(row).join(" | ")} |`)].join("\n");
};

/** How far a missed target is: "5.8× too slow", "75 % over"; "—" when met. */
const gap = (row: Row): string => {
  const target = targets[row.name];
  if (target === undefined || verdict(row) !== "missed") return "—";
  if (target.direction === "at least") return `${(target.bound / row.value).toFixed(1)}× short`;
  return `${Math.round((row.value / target.bound - 1) * 100)} % over`;
};

/** The targets against this run, in Markdown. */
export const targetsTable = (rows: readonly Row[]): string => {
  const judged = rows.filter((row) => targets[row.name] !== undefined);
  const head = "| target | measured | status | gap |\n|---|--:|---|---|";
  const line = (row: Row): string =>
    `| \`${row.name}\` ${describeTarget(row.name)} | ${formatValue(row)} | ${verdict(row)} | ${gap(row)} |`;
  return [head, ...judged.map(line)].join("\n");
};
