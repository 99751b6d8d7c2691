import type { RunOutcome } from "../reducer/effects";
import type { World } from "./world";
import { applyToRun, type NewId, type WorldAction } from "./world-step";

/** `rescheduleRun` on the world: a sleeping run wakes at `until` instead (null: no such run). */
export const rescheduleInWorld = (
  world: World,
  runId: string,
  until: number,
  newId: NewId,
): { readonly outcome: RunOutcome; readonly actions: readonly WorldAction[] } | null => {
  const run = world.runs.get(runId);
  if (run === undefined) return null;
  return applyToRun(world, run, { _tag: "Reschedule", at: world.now, until }, newId);
};
