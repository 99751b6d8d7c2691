import type { Op } from "../codecs/ops";
import type { Run } from "../codecs/run";
import { runStatus } from "../views/run-view";
import { type ExplorerState, labelOf } from "./state";

const UNITS: readonly [string, number][] = [
  ["d", 86_400_000],
  ["h", 3_600_000],
  ["m", 60_000],
  ["s", 1_000],
  ["ms", 1],
];

/** Virtual time since the scenario's start: `T+0`, `T+7d`, `T+1d2h30m`. */
export const formatOffset = (ms: number): string => {
  if (ms === 0) return "T+0";
  let rest = Math.abs(ms);
  let text = "";
  for (const [unit, size] of UNITS) {
    const n = Math.floor(rest / size);
    rest -= n * size;
    if (n > 0) text += `${n}${unit}`;
  }
  return `T${ms < 0 ? "-" : "+"}${text}`;
};

/** An op as one short phrase. */
export const describeOp = (op: Op, start: number): string => {
  switch (op.op) {
    case "StepPlanned":
      return `StepPlanned "${op.id}"${op.kind === "sendEvent" ? " (sendEvent)" : ""}`;
    case "StepsPlanned":
      return `StepsPlanned ${op.steps.map((step) => `"${step.id}"`).join(", ")}`;
    case "StepRun":
      return `StepRun "${op.id}"`;
    case "StepError":
      return `StepError "${op.id}" (${op.error.message}${op.retriable ? "" : ", not retriable"})`;
    case "Sleep":
      return `Sleep "${op.id}" until ${formatOffset(op.until - start)}`;
    case "WaitForEvent":
      return `WaitForEvent "${op.id}" for ${op.event} until ${formatOffset(op.timeoutAt - start)}`;
    case "RunComplete":
      return "RunComplete";
    case "RunError":
      return `RunError (${op.error.message})`;
    case "InvokeFunction":
      return `InvokeFunction "${op.id}" of ${op.functionId} until ${formatOffset(op.timeoutAt - start)}${op.cascade === "detach" ? " (detached)" : ""}`;
  }
};

const stepName = (run: Run, hash: string): string => run.steps[hash]?.id ?? hash.slice(0, 7);

/** What a move changed, as phrases: runs created or moved, steps started or committed, events emitted. */
export const describeChanges = (before: ExplorerState, after: ExplorerState): string[] => {
  const changes: string[] = [];
  for (const run of after.world.runs.values()) {
    const label = labelOf(after, run.id);
    const old = before.world.runs.get(run.id);
    if (old === undefined) {
      changes.push(`${label} created (${run.state})`);
      continue;
    }
    if (old === run) continue;
    const parts: string[] = [];
    if (old.state !== run.state) parts.push(`${old.state} → ${run.state}`);
    if (run.cancellation !== null && old.cancellation === null) {
      parts.push(`cancellation committed (${run.cancellation.source})`);
    }
    if (run.inFlight !== null && run.inFlight.hash !== old.inFlight?.hash) {
      parts.push(`step "${run.inFlight.id}" started`);
    }
    for (const hash of Object.keys(run.steps)) {
      const step = run.steps[hash];
      if (old.steps[hash] !== undefined || step === undefined) continue;
      const how = step.status === "failed" ? "failed" : "committed";
      parts.push(
        `step "${stepName(run, hash)}" ${how}${step.settledAfterCancel ? " after cancel" : ""}`,
      );
    }
    if (parts.length > 0) changes.push(`${label}: ${parts.join(", ")}`);
  }
  for (const event of after.world.events.values()) {
    if (event.seq > before.world.seq && event.payload.name.startsWith("inngest/")) {
      changes.push(`emit ${labelOf(after, event.internalId)}`);
    }
  }
  return changes;
};

/** One line of a counterexample's timeline. */
export const describeMove = (
  before: ExplorerState,
  after: ExplorerState,
  start: number,
  what: string,
): string => {
  const changes = describeChanges(before, after);
  const time = formatOffset(after.world.now - start).padEnd(10);
  return changes.length === 0 ? `${time} ${what}` : `${time} ${what}  ⇒  ${changes.join("; ")}`;
};

/** A run's outcome in a final state: status, cancellation source, the steps it committed. */
export const describeOutcome = (run: Run): string => {
  const status = runStatus(run.state);
  const source = run.cancellation === null ? "" : ` (${run.cancellation.source})`;
  const steps = Object.values(run.steps).map(
    (step) =>
      `${step.id}${step.status === "failed" ? " ✗" : ""}${step.settledAfterCancel ? " (after cancel)" : ""}`,
  );
  const state = status === "Running" || status === "Cancelled" ? ` [${run.state}]` : "";
  return `${status}${source}${state === " [cancelled]" ? "" : state}: ${steps.length === 0 ? "no steps" : steps.join(", ")}`;
};
