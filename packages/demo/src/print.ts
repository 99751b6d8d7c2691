import type { CancellationView, RunView, Simulation, TimelineEntryView } from "@quell/core";
import { type ScenarioResult, type ShownRun, shortTime } from "./scenario";

const ISO = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z/g;
const ULID = /\b[0-9A-HJKMNP-TV-Z]{26}\b/g;

/** Name the events behind ids ("event 01HK…" → "event 01HK… (tasks/deleted)") and shorten times. */
const readable = (sim: Simulation, text: string): string =>
  text
    .replace(ISO, (iso) => shortTime(Date.parse(iso)))
    .replace(ULID, (id) => {
      const event = sim.world.events.get(id);
      return event === undefined ? id : `${id} (${event.payload.name})`;
    });

/** Who cancelled, in words: `event "tasks/deleted"`, `api, reason "…"`. */
const cancelledBy = (sim: Simulation, c: CancellationView): string => {
  const trigger = c.event_id === undefined ? undefined : sim.world.events.get(c.event_id);
  const parts = [
    trigger === undefined ? c.source : `${c.source} "${trigger.payload.name}"`,
    c.cancellation_id === undefined ? undefined : `cancellation ${c.cancellation_id}`,
    c.reason === undefined ? undefined : `reason "${c.reason}"`,
  ];
  return parts.filter((part) => part !== undefined).join(", ");
};

const timelineLine = (sim: Simulation, run: RunView, entry: TimelineEntryView): string => {
  const step = entry.step === undefined ? "" : ` "${entry.step}"`;
  // The recorded detail names the cancelling event by id; the run's cancellation record says more.
  const text =
    entry.type === "cancel.requested" && run.cancellation !== null
      ? `by ${cancelledBy(sim, run.cancellation)}`
      : entry.detail;
  const detail = text === undefined ? "" : ` — ${readable(sim, text)}`;
  return `      ${shortTime(Date.parse(entry.at))}  ${entry.type}${step}${detail}`;
};

const statusLine = (run: RunView): string => {
  if (run.ended_at !== null) return `${run.status} (ended ${shortTime(Date.parse(run.ended_at))})`;
  return run.status === "Cancelled"
    ? "Cancelled (settling: a step is still in flight)"
    : run.status;
};

/** The cancellation record as stored (times shortened), then the event it names. */
const cancellationLines = (sim: Simulation, run: RunView): string[] => {
  const c = run.cancellation;
  if (c === null) return ["none"];
  const fields = Object.entries({ ...c, at: shortTime(Date.parse(c.at)) });
  const record = `{ ${fields.map(([key, value]) => `${key}: ${JSON.stringify(value)}`).join(", ")} }`;
  const trigger = c.event_id === undefined ? undefined : sim.world.events.get(c.event_id);
  if (trigger === undefined) return [record];
  return [record, `event_id is ${trigger.payload.name} ${JSON.stringify(trigger.payload.data)}`];
};

const runLines = (sim: Simulation, shown: ShownRun): string[] => {
  const run = sim.getRun(shown.runId);
  if (run === null) return [`  ${shown.label}: run ${shown.runId} not found`];
  const logs = sim.logs.filter((line) => line.runId === run.id);
  return [
    `  ▸ ${shown.label}   run ${run.id} of ${run.function_id}`,
    "    timeline",
    ...run.timeline.map((entry) => timelineLine(sim, run, entry)),
    `    status        ${statusLine(run)}`,
    ...cancellationLines(sim, run).map(
      (line, i) => `    ${i === 0 ? "cancellation" : ""}`.padEnd(18) + line,
    ),
    `    logs          ${logs.length === 0 ? "(none)" : logs.map((l) => `[${l.level}] ${l.message}`).join("\n                  ")}`,
    "",
  ];
};

/** A scenario as text: heading, why, each run (timeline, status, cancellation, logs), what was observed. */
export const formatScenario = (index: number, result: ScenarioResult): string =>
  [
    `━━ ${index}. ${result.title} ━━`,
    ...result.story.map((line) => `  ${line}`),
    "",
    ...result.shown.flatMap((shown) => runLines(result.sim, shown)),
    "  observed",
    ...result.observed.map((line) => `    ${line}`),
    "",
  ].join("\n");
