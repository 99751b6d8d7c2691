import type { Run } from "../codecs/run";
import type { SingletonMode } from "../config/validate-function";
import { isTerminal } from "../machine/run-machine";
import { singletonSlot } from "../singleton/slot";
import type { World } from "../world/world";
import type { Finding } from "./invariants";
import { type ExplorerState, labelOf } from "./state";

// SPEC §7.8 restated from the functions' `singleton` option and the runs' triggering events, not
// from the slots the store keeps or the slot a run records: a bug in claiming or releasing
// cannot hide itself.

/** In progress, for a singleton: not ended, not skipped, and not already cancelling. */
const inProgress = (run: Run): boolean => !isTerminal(run.state) && run.state !== "cancelling";

const slotOf = (
  world: World,
  run: Run,
): { readonly slot: string; readonly mode: SingletonMode } | null => {
  const fn = world.functions.get(run.functionId);
  const decision = fn === undefined ? null : singletonSlot(fn, run.event);
  return decision?._tag === "Slot" ? decision : null;
};

/** The runs in progress of one slot, in `world`. */
const holders = (world: World, slot: string): Run[] =>
  [...world.runs.values()].filter((run) => inProgress(run) && slotOf(world, run)?.slot === slot);

/** At most one run in progress per singleton slot, in the state a move led to. */
const oneInProgress = (after: ExplorerState, out: Finding[]): void => {
  const bySlot = new Map<string, string[]>();
  for (const run of after.world.runs.values()) {
    const slot = inProgress(run) ? slotOf(after.world, run)?.slot : undefined;
    if (slot !== undefined) bySlot.set(slot, [...(bySlot.get(slot) ?? []), labelOf(after, run.id)]);
  }
  for (const [slot, runs] of bySlot) {
    if (runs.length > 1)
      out.push([
        "singleton",
        `${runs.sort().join(" and ")} are in progress at once (slot ${slot})`,
      ]);
  }
};

/**
 * A new run of a slot: skipped only in `skip` mode and only while another run of the slot is in
 * progress; in `cancel` mode it starts, and every run that was in progress for the slot is now
 * cancelled (source `singleton`) naming it.
 */
const newRuns = (before: ExplorerState, after: ExplorerState, out: Finding[]): void => {
  for (const run of after.world.runs.values()) {
    if (before.world.runs.has(run.id)) continue;
    const slot = slotOf(after.world, run);
    if (slot === null || before.world.paused.has(run.functionId)) continue;
    const name = labelOf(after, run.id);
    const rivals = holders(before.world, slot.slot);
    if (run.state === "skipped" && slot.mode === "cancel") {
      out.push(["singleton", `${name} was skipped, but a cancel singleton starts every new run`]);
    } else if (run.state === "skipped" && rivals.length === 0) {
      out.push(["singleton", `${name} was skipped, but no run of its slot was in progress`]);
    }
    if (run.state === "skipped" || slot.mode !== "cancel") continue;
    for (const rival of rivals) {
      const now = after.world.runs.get(rival.id);
      const c = now?.cancellation;
      if (c?.source !== "singleton" || c.caused_by_run_id !== run.id) {
        out.push([
          "singleton",
          `${name} started, but ${labelOf(after, rival.id)}, in progress for its slot, was not cancelled for it`,
        ]);
      }
    }
  }
};

/** A singleton cancellation names a run of the same slot created by the same move. */
const singletonCancellations = (
  before: ExplorerState,
  after: ExplorerState,
  out: Finding[],
): void => {
  for (const run of after.world.runs.values()) {
    const was = before.world.runs.get(run.id);
    if (was === undefined || was.cancellation !== null) continue;
    if (run.cancellation?.source !== "singleton") continue;
    const cause = after.world.runs.get(run.cancellation.caused_by_run_id ?? "");
    const slot = slotOf(after.world, run);
    if (
      cause === undefined ||
      before.world.runs.has(cause.id) ||
      slot?.mode !== "cancel" ||
      slotOf(after.world, cause)?.slot !== slot.slot
    ) {
      out.push([
        "singleton",
        `${labelOf(after, run.id)} was cancelled by singleton, but no new run of its slot caused it`,
      ]);
    }
  }
};

/** SPEC §7.8 over one move. */
export const checkSingleton = (
  before: ExplorerState,
  after: ExplorerState,
  out: Finding[],
): void => {
  oneInProgress(after, out);
  newRuns(before, after, out);
  singletonCancellations(before, after, out);
};
