import { isTerminal } from "../machine/run-machine";
import { waitListenerId } from "../reducer/listener-ids";
import { runStatus, toRunView } from "../views/run-view";
import type { ExplorationContext } from "./context";
import type { Finding } from "./invariants";
import { cascadeParent } from "./rules";
import { type ExplorerState, isStale, labelOf, runsStep } from "./state";
import type { ExplorerView } from "./types";

/**
 * Every run that has not ended has a way forward: a queued run is on the queue, a running one
 * has an execution, a sleeping, waiting or retrying one has a timer, a cancelling one has its
 * step in flight, a paused one belongs to a paused function. An ended run keeps no timer and
 * no listener.
 */
const progress = (state: ExplorerState, out: Finding[]): void => {
  const { world } = state;
  // Only executions under the run's current lease move it: a presumed dead worker's do not.
  const current = state.executions.filter((x) => !isStale(world, x));
  const live = new Set(current.map((x) => x.runId));
  const stepping = new Set(current.filter(runsStep).map((x) => x.runId));
  const listening = new Set([...world.listeners.values()].map((l) => l.runId));
  for (const run of world.runs.values()) {
    const name = labelOf(state, run.id);
    const stuck = (why: string) => out.push(["progress", `${name} is ${run.state} ${why}`]);
    switch (run.state) {
      case "queued":
        if (!world.queue.has(run.id)) stuck("but not on the queue: it never starts");
        break;
      case "running":
        if (!live.has(run.id) && !world.queue.has(run.id))
          stuck("with no execution: it never moves again");
        break;
      case "sleeping":
      case "backoff":
        if (!world.timers.has(run.id)) stuck("with no timer: it never wakes");
        break;
      case "waiting":
        if (!world.timers.has(run.id)) stuck("with no timeout timer");
        if (
          run.waiting !== null &&
          !world.listeners.has(waitListenerId(run.id, run.waiting.hash))
        ) {
          stuck("with no listener for its event");
        }
        break;
      case "cancelling":
        if (!stepping.has(run.id)) stuck("with no step in flight: it never settles");
        break;
      case "paused":
        if (!world.paused.has(run.functionId))
          stuck("but its function is not paused: nothing resumes it");
        break;
      default:
        if (world.timers.has(run.id)) stuck("and still has a timer");
        if (listening.has(run.id)) stuck("and still has listeners");
    }
  }
};

/** §7.9, once nothing is left to happen: a cancelled parent leaves no live child (unless detached). */
const cascaded = (state: ExplorerState, out: Finding[]): void => {
  const { runs } = state.world;
  for (const run of runs.values()) {
    const parentId = cascadeParent(run);
    const parent = parentId === null ? undefined : runs.get(parentId);
    if (parent?.state !== "cancelled" || isTerminal(run.state)) continue;
    out.push([
      "cascade",
      `${labelOf(state, run.id)} is ${run.state}, but its parent ${labelOf(state, parent.id)} was cancelled`,
    ]);
  }
};

const view = (state: ExplorerState, final: boolean): ExplorerView => ({
  now: state.world.now,
  final,
  runs: new Map(
    [...state.world.runs.values()].map((run) => [labelOf(state, run.id), toRunView(run)]),
  ),
  events: [...state.world.events.values()].map((e) => ({
    label: labelOf(state, e.internalId),
    name: e.payload.name,
    seq: e.seq,
  })),
});

/** Checks of a state in itself, whichever way it was reached. */
export const checkState = (
  ctx: ExplorationContext,
  state: ExplorerState,
  final: boolean,
): Finding[] => {
  const out: Finding[] = [];
  progress(state, out);
  const custom = ctx.scenario.invariants ?? [];
  if (custom.length > 0) {
    const seen = view(state, final);
    for (const invariant of custom) {
      const message = invariant.check(seen);
      if (message !== null) out.push([`custom:${invariant.name}`, message]);
    }
  }
  if (!final) return out;
  cascaded(state, out);
  if (state.cursor.index < ctx.steps.length) {
    out.push([
      "scenario-blocked",
      `nothing can happen, but the script is at step ${state.cursor.index + 1} of ${ctx.steps.length}`,
    ]);
  }
  for (const [key, allowed] of Object.entries(ctx.scenario.expect ?? {})) {
    const runs = [...state.world.runs.values()].filter(
      (run) => labelOf(state, run.id) === key || labelOf(state, run.triggerEventId) === key,
    );
    if (runs.length === 0) out.push(["expected-outcome", `no run "${key}" exists at the end`]);
    for (const run of runs) {
      const status = runStatus(run.state);
      if (!allowed.includes(status) || (status === "Cancelled" && !isTerminal(run.state))) {
        out.push([
          "expected-outcome",
          `${labelOf(state, run.id)} ended ${status} (${run.state}); expected ${allowed.join(" or ")}`,
        ]);
      }
    }
  }
  return out;
};
