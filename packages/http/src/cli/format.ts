import type { BulkCancellationView, RunView, StoredEventView } from "@quell/core";

/** Rows as aligned columns, the first row a header. */
export const table = (rows: readonly (readonly string[])[]): string => {
  const widths: number[] = [];
  for (const row of rows)
    for (const [i, cell] of row.entries()) widths[i] = Math.max(widths[i] ?? 0, cell.length);
  return rows
    .map((row) =>
      row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i] ?? 0))).join("  "),
    )
    .join("\n");
};

/** An ISO time from the API, shown to the second: `2024-01-01 00:00:05Z`. */
const time = (iso: string | null): string =>
  iso === null ? "-" : iso.replace("T", " ").replace(/\.\d+Z$/, "Z");

export const runsTable = (runs: readonly RunView[]): string =>
  table([
    ["RUN", "FUNCTION", "STATUS", "CREATED", "ENDED"],
    ...runs.map((r) => [r.id, r.function_id, r.status, time(r.created_at), time(r.ended_at)]),
  ]);

export const eventsTable = (events: readonly StoredEventView[]): string =>
  table([
    ["EVENT", "NAME", "RECEIVED", "ID"],
    ...events.map((e) => [e.internal_id, e.name, time(e.received_at), e.id]),
  ]);

const offset = (ms: number): string => {
  if (ms < 1000) return `+${ms}ms`;
  if (ms < 60_000) return `+${(ms / 1000).toFixed(1)}s`;
  if (ms < 3_600_000) return `+${(ms / 60_000).toFixed(1)}m`;
  if (ms < 86_400_000) return `+${(ms / 3_600_000).toFixed(1)}h`;
  return `+${(ms / 86_400_000).toFixed(1)}d`;
};

const json = (value: unknown): string => {
  const text = JSON.stringify(value) ?? "null";
  return text.length > 200 ? `${text.slice(0, 197)}...` : text;
};

/** One run for a person: status, times, why it was cancelled, its output, and its timeline. */
export const runDetails = (run: RunView): string => {
  const created = Date.parse(run.created_at);
  const lines = [
    `run       ${run.id}`,
    `function  ${run.function_id}`,
    `status    ${run.status}${run.status === "Cancelled" && run.ended_at === null ? " (a step is still settling)" : ""}`,
    `event     ${run.event.name} ${run.event.id}`,
    `created   ${time(run.created_at)}`,
    `started   ${time(run.started_at)}`,
    `ended     ${time(run.ended_at)}`,
  ];
  if (run.original_run_id !== null) lines.push(`replay of ${run.original_run_id}`);
  if (run.parent !== null) {
    const detached = run.parent.cascade === "detach" ? " (detached)" : "";
    lines.push(`invoked by ${run.parent.run_id}${detached}`);
  }
  if (run.cancellation !== null) {
    const c = run.cancellation;
    const by = c.event_id ?? c.cancellation_id ?? c.caused_by_run_id;
    const parts = [
      c.source,
      by === undefined ? "" : `(${by})`,
      c.reason === undefined ? "" : `— ${c.reason}`,
    ];
    lines.push(`cancelled ${parts.filter((p) => p !== "").join(" ")} at ${c.at}`);
  }
  if (run.output !== null) lines.push(`output    ${json(run.output)}`);
  if (run.error !== null) lines.push(`error     ${run.error.name}: ${run.error.message}`);
  lines.push("", "timeline");
  // Each entry at its ISO time, as the API gives it, and how long after creation it came.
  for (const entry of run.timeline) {
    const step = entry.step === undefined ? "" : ` "${entry.step}"`;
    const detail = entry.detail === undefined ? "" : ` — ${entry.detail}`;
    const since = offset(Date.parse(entry.at) - created).padStart(9);
    lines.push(`  ${entry.at}  ${since}  ${entry.type}${step}${detail}`);
  }
  return lines.join("\n");
};

export const cancellationLine = (c: BulkCancellationView): string =>
  `${c.id}  ${c.function_id}  ${c.status}${c.dry_run ? " (dry run)" : ""}  matched ${c.matched}, cancelled ${c.cancelled}`;

export const cancellationsTable = (list: readonly BulkCancellationView[]): string =>
  table([
    ["ID", "FUNCTION", "STATUS", "MATCHED", "CANCELLED", "WINDOW", "IF"],
    ...list.map((c) => [
      c.id,
      c.function_id,
      c.dry_run ? `${c.status} (dry run)` : c.status,
      String(c.matched),
      String(c.cancelled),
      `${time(c.started_after)} .. ${time(c.started_before)}`,
      c.if ?? "",
    ]),
  ]);
