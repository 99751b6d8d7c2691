import type { StoredEvent } from "../codecs/event";
import type { Run, TimelineEntry } from "../codecs/run";
import { hasInvoked } from "../invoke/correlation";
import { isTerminal } from "../machine/run-machine";
import { FUNCTION_CANCELLED, FUNCTION_FAILED } from "../system-events";
import { toCancellationView } from "../views/cancellation-view";
import type { Successor } from "./commit";
import { rescheduleRules, timeoutRules } from "./invariants-timeouts";
import {
  bulkFilterSelects,
  cancelRuleMatches,
  cascadeCancels,
  invokeRefused,
  waitResolves,
} from "./rules";
import { checkSingleton } from "./singleton-checks";
import { type ExplorerState, labelOf, runsCurrentStep, runsStep } from "./state";
import type { InvariantName } from "./types";

export type Finding = readonly [InvariantName, string];

const same = (a: unknown, b: unknown): boolean =>
  a === b || JSON.stringify(a) === JSON.stringify(b);

/** Executions started by this transition. */
const started = (before: ExplorerState, after: ExplorerState) =>
  after.executions.filter((x) => x.serial >= before.nextSerial);

const newlyCancelled = (b: Run | undefined, a: Run): boolean =>
  b !== undefined && b.cancellation === null && a.cancellation !== null;

/** §7.1: a terminal state never changes, and runs are never lost. */
const singleTerminal = (before: ExplorerState, after: ExplorerState, out: Finding[]): void => {
  for (const b of before.world.runs.values()) {
    const a = after.world.runs.get(b.id);
    const name = labelOf(after, b.id);
    if (a === undefined) out.push(["single-terminal-state", `${name} disappeared`]);
    else if (isTerminal(b.state) && a !== b) {
      const changed =
        a.state !== b.state || a.endedAt !== b.endedAt || !same(a.cancellation, b.cancellation);
      if (changed || !same(a.output, b.output) || !same(a.error, b.error)) {
        out.push([
          "single-terminal-state",
          `${name} ended ${b.state} and then changed to ${a.state}`,
        ]);
      }
    }
  }
};

/** §7.2: once a cancellation committed, no step starts and nothing retries. */
const noStepAfterCancel = (before: ExplorerState, after: ExplorerState, out: Finding[]): void => {
  for (const x of started(before, after)) {
    const run = after.world.runs.get(x.runId);
    // A "sent" execution continues a sendEvent step that started earlier; the others start one.
    if (run?.cancellation != null && runsStep(x) && x.kind !== "sent") {
      const step =
        x.kind === "send"
          ? x.id
          : (run.inFlight?.id ?? (x.kind === "handler" ? x.allowStep : "sendEvent"));
      out.push([
        "no-step-after-cancel",
        `${labelOf(after, x.runId)}: step "${step}" started after its cancellation committed`,
      ]);
    }
  }
  for (const a of after.world.runs.values()) {
    const b = before.world.runs.get(a.id);
    if (b?.cancellation == null || a === b) continue;
    const name = labelOf(after, a.id);
    if (a.inFlight !== null && a.inFlight.hash !== b.inFlight?.hash) {
      out.push([
        "no-step-after-cancel",
        `${name}: step "${a.inFlight.id}" started after its cancellation committed`,
      ]);
    }
    if (a.waiting?.kind === "invoke" && a.waiting.hash !== b.waiting?.hash) {
      out.push([
        "no-step-after-cancel",
        `${name}: step.invoke "${a.waiting.id}" started after its cancellation committed`,
      ]);
    }
    if (a.wake?.reason === "backoff" && b.wake?.reason !== "backoff") {
      out.push([
        "no-step-after-cancel",
        `${name}: a retry was scheduled after its cancellation committed`,
      ]);
    }
  }
};

const systemEventsOf = (state: ExplorerState, name: string): Map<string, StoredEvent[]> => {
  const byRun = new Map<string, StoredEvent[]>();
  for (const event of state.world.events.values()) {
    if (event.payload.name !== name) continue;
    const runId = String(event.payload.data.run_id);
    byRun.set(runId, [...(byRun.get(runId) ?? []), event]);
  }
  return byRun;
};

/** §7.3: `function.cancelled` exactly once per cancelled run, after it settled; never otherwise. */
const cancelledOnce = (before: ExplorerState, after: ExplorerState, out: Finding[]): void => {
  const cancelled = systemEventsOf(after, FUNCTION_CANCELLED);
  const failed = systemEventsOf(after, FUNCTION_FAILED);
  for (const run of after.world.runs.values()) {
    const name = labelOf(after, run.id);
    const emitted = cancelled.get(run.id) ?? [];
    // A run never emits its own trigger, unless it invoked functions (the cascade needs it).
    const exempt = run.event.name === FUNCTION_CANCELLED && !hasInvoked(run);
    if (emitted.length > 1)
      out.push([
        "function-cancelled-once",
        `${name}: function.cancelled emitted ${emitted.length} times`,
      ]);
    if (emitted.length > 0 && run.state !== "cancelled") {
      out.push([
        "function-cancelled-once",
        `${name}: function.cancelled emitted while the run is ${run.state}`,
      ]);
    }
    if (emitted.length === 0 && run.state === "cancelled" && !exempt) {
      out.push([
        "function-cancelled-once",
        `${name}: cancelled, but function.cancelled was never emitted`,
      ]);
    }
    if (run.state === "cancelled" && (failed.get(run.id)?.length ?? 0) > 0) {
      out.push(["function-cancelled-once", `${name}: cancelled, but function.failed was emitted`]);
    }
    // A step of a worker presumed dead does not hold the run back: its lease was taken over.
    for (const event of emitted.filter((e) => e.seq > before.world.seq)) {
      const inFlight = after.executions.find(
        (x) => x.runId === run.id && runsCurrentStep(after.world, x),
      );
      if (inFlight !== undefined) {
        out.push([
          "function-cancelled-once",
          `${name}: function.cancelled emitted while a step is still in flight`,
        ]);
      }
      const record = run.cancellation === null ? null : toCancellationView(run.cancellation);
      if (!same(event.payload.data.cancellation, record)) {
        out.push([
          "function-cancelled-once",
          `${name}: function.cancelled carries another cancellation than the run's`,
        ]);
      }
    }
  }
};

/** Timeline entries that record a wait's (or an invoke's) resolution by an event. */
const RESOLVED: ReadonlySet<TimelineEntry["type"]> = new Set([
  "wait.resolved",
  "invoke.completed",
  "invoke.failed",
  "invoke.cancelled",
]);

/**
 * §7.4: only a matching event ingested after the run's creation, within the timeout, cancels
 * it; §7.9: only its parent's cancellation cancels a run with source `parent`, and always does
 * (unless the invoke detached it).
 */
const eventCancelRules = (
  before: ExplorerState,
  after: ExplorerState,
  processed: StoredEvent | undefined,
  out: Finding[],
): void => {
  for (const a of after.world.runs.values()) {
    const b = before.world.runs.get(a.id);
    if (b === undefined || a === b) continue;
    const name = labelOf(after, a.id);
    const fn = after.world.functions.get(a.functionId);
    const byEvent = newlyCancelled(b, a) && a.cancellation?.source === "event";
    const byParent = newlyCancelled(b, a) && a.cancellation?.source === "parent";
    if (processed === undefined) {
      if (byEvent)
        out.push(["event-cancel-rules", `${name}: cancelled by an event outside event processing`]);
      if (byParent)
        out.push(["cascade", `${name}: cancelled by its parent outside event processing`]);
      continue;
    }
    const label = labelOf(after, processed.internalId);
    if (
      byEvent &&
      (a.cancellation?.event_id !== processed.internalId ||
        fn === undefined ||
        !cancelRuleMatches(fn, b, processed))
    ) {
      out.push([
        "event-cancel-rules",
        `${name}: cancelled by ${label}, which does not satisfy its cancelOn rules`,
      ]);
    }
    if (byParent && !cascadeCancels(b, processed)) {
      out.push([
        "cascade",
        `${name}: cancelled by ${label}, which is not its parent's cancellation`,
      ]);
    }
    const resolved =
      a.timeline.length > b.timeline.length &&
      a.timeline.some((e, i) => i >= b.timeline.length && RESOLVED.has(e.type));
    if (
      resolved &&
      !waitResolves(before.world, b, processed) &&
      !invokeRefused(before.world, b, processed)
    ) {
      out.push([
        "event-cancel-rules",
        `${name}: its wait was resolved by ${label}, which does not satisfy it`,
      ]);
    }
    // A singleton run the event created cancelled it: checked by `checkSingleton`.
    const bySingleton = newlyCancelled(b, a) && a.cancellation?.source === "singleton";
    if (!byEvent && !byParent && !resolved && !bySingleton)
      out.push([
        "event-cancel-rules",
        `${name}: changed by ${label}, which matches none of its listeners`,
      ]);
  }
  if (processed === undefined) return;
  for (const b of before.world.runs.values()) {
    const a = after.world.runs.get(b.id);
    const fn = after.world.functions.get(b.functionId);
    if (a === undefined || fn === undefined || isTerminal(b.state) || b.cancellation !== null)
      continue;
    if (a.cancellation === null && cancelRuleMatches(fn, b, processed)) {
      const label = labelOf(after, processed.internalId);
      out.push([
        "event-cancel-rules",
        `${labelOf(after, b.id)}: ${label} satisfies a cancelOn rule, but did not cancel it`,
      ]);
    }
    if (a.cancellation === null && cascadeCancels(b, processed)) {
      const label = labelOf(after, processed.internalId);
      out.push([
        "cascade",
        `${labelOf(after, b.id)}: ${label} is its parent's cancellation, but did not cancel it`,
      ]);
    }
  }
};

/** §7.5: a committed step result is never lost, changed or computed again. */
const stepsDurable = (before: ExplorerState, after: ExplorerState, out: Finding[]): void => {
  for (const b of before.world.runs.values()) {
    const a = after.world.runs.get(b.id);
    if (a === undefined || a.steps === b.steps) continue;
    for (const [hash, step] of Object.entries(b.steps)) {
      if (!same(a.steps[hash], step))
        out.push([
          "steps-durable",
          `${labelOf(after, b.id)}: committed step "${step.id}" was lost or changed`,
        ]);
    }
  }
  for (const x of started(before, after)) {
    const run = after.world.runs.get(x.runId);
    if (x.kind === "handler" && x.allowStep !== null && run?.steps[x.allowStep] !== undefined) {
      out.push([
        "steps-durable",
        `${labelOf(after, x.runId)}: committed step "${run.steps[x.allowStep]?.id}" runs again`,
      ]);
    }
  }
  for (const run of after.world.runs.values()) {
    if (
      run.inFlight !== null &&
      run.steps[run.inFlight.hash] !== undefined &&
      before.world.runs.get(run.id)?.inFlight?.hash !== run.inFlight.hash
    ) {
      out.push([
        "steps-durable",
        `${labelOf(after, run.id)}: committed step "${run.inFlight.id}" started again`,
      ]);
    }
  }
};

/** §7.6: a bulk cancellation cancels exactly the runs its filter selected when it was requested. */
const bulkSelection = (before: ExplorerState, after: ExplorerState, out: Finding[]): void => {
  for (const a of after.world.runs.values()) {
    const b = before.world.runs.get(a.id);
    if (!newlyCancelled(b, a) || a.cancellation?.source !== "bulk") continue;
    const id = a.cancellation.cancellation_id ?? "";
    const record = after.world.bulk.get(id);
    const name = labelOf(after, a.id);
    if (record === undefined)
      out.push(["bulk-selection", `${name}: cancelled by an unknown bulk cancellation`]);
    else if (!(after.bulkEligible.get(id) ?? []).includes(a.id)) {
      out.push([
        "bulk-selection",
        `${name}: created after ${labelOf(after, id)} was requested, but cancelled by it`,
      ]);
    } else if (!bulkFilterSelects(record, a)) {
      out.push([
        "bulk-selection",
        `${name}: outside the filter of ${labelOf(after, id)}, but cancelled by it`,
      ]);
    }
  }
  for (const record of after.world.bulk.values()) {
    if (record.status !== "completed" || before.world.bulk.get(record.id)?.status !== "running")
      continue;
    for (const runId of after.bulkEligible.get(record.id) ?? []) {
      const run = after.world.runs.get(runId);
      if (run === undefined || !bulkFilterSelects(record, run)) continue;
      if (!isTerminal(run.state) && run.state !== "cancelling") {
        out.push([
          "bulk-selection",
          `${labelOf(after, runId)}: selected by ${labelOf(after, record.id)}, which completed without cancelling it`,
        ]);
      }
    }
  }
};

/** R9, R10: the API refuses to cancel a completed or failed run, and cancelling twice changes nothing. */
const apiAnswers = (
  before: ExplorerState,
  after: ExplorerState,
  api: Successor["api"],
  out: Finding[],
): void => {
  if (api === undefined) return;
  const b = before.world.runs.get(api.runId);
  const a = after.world.runs.get(api.runId);
  if (b === undefined || a === undefined) return;
  const name = labelOf(after, b.id);
  const tag = api.outcome._tag;
  if ((b.state === "completed" || b.state === "failed") && tag !== "Rejected") {
    out.push(["api-answers", `cancelRun(${name}) on a ${b.state} run answered ${tag}, not 409`]);
  }
  if (b.cancellation !== null && !same(a.cancellation, b.cancellation)) {
    out.push([
      "api-answers",
      `cancelRun(${name}) on a cancelled run changed its cancellation record`,
    ]);
  }
  if (!isTerminal(b.state) && b.state !== "cancelling" && a.cancellation?.source !== "api") {
    out.push(["api-answers", `cancelRun(${name}) on a ${b.state} run did not cancel it`]);
  }
};

/** Every check of one transition. */
export const checkTransition = (before: ExplorerState, next: Successor): Finding[] => {
  const out: Finding[] = [];
  const after = next.state;
  singleTerminal(before, after, out);
  noStepAfterCancel(before, after, out);
  cancelledOnce(before, after, out);
  eventCancelRules(before, after, next.processed, out);
  stepsDurable(before, after, out);
  bulkSelection(before, after, out);
  apiAnswers(before, after, next.api, out);
  checkSingleton(before, after, out);
  timeoutRules(before, next, out);
  rescheduleRules(before, next, out);
  return out;
};
