import {
  type ReplayFilter,
  type ReplayResult,
  type Run,
  type RunConflictError,
  RunNotFoundError,
  type RunView,
  replayInput,
  replaySelection,
  toRunView,
  validationError,
} from "@quell/core";
import { admit } from "../admit";
import { allRuns, type OperationsContext } from "./context";

// Replay's effects (SPEC §4.6): what makes a replay and which runs a bulk replay takes are the
// core's (`operations/replay.ts`), the same functions the simulation runs.

/** Replay an ended run: a new run with the same triggering event(s) and `original_run_id`. */
export const replayRun = async (ctx: OperationsContext, id: string): Promise<RunView> => {
  const original = await ctx.store.getRun(id);
  if (original === null) throw new RunNotFoundError(id);
  const replay = await createReplay(ctx, original);
  if (replay._tag === "Left") throw replay.left;
  await ctx.scheduler.tick();
  return toRunView(replay.right);
};

const createReplay = async (
  ctx: OperationsContext,
  original: Run,
): Promise<
  | { readonly _tag: "Left"; readonly left: RunConflictError }
  | { readonly _tag: "Right"; readonly right: Run }
> => {
  const source = {
    original,
    fn: ctx.functions.get(original.functionId),
    trigger: await ctx.store.getEvent(original.triggerEventId),
  };
  const at = { id: ctx.newId(), now: ctx.clock.now(), afterSeq: await ctx.store.lastSeq() };
  const input = replayInput(source, at);
  if (input._tag === "Left") return input;
  // A replay of a singleton function takes the slot like any new run (or is created skipped).
  const apply: Parameters<typeof admit>[1] = (runId, step) => ctx.scheduler.apply(runId, step);
  const admission = await admit(ctx.store, apply, input.right, true);
  // The replay's id is new: only a store that breaks its contract refuses it.
  if (admission._tag === "Refused")
    throw new Error(`replay of ${original.id} refused by the store: ${admission.error._tag}`);
  return { _tag: "Right", right: admission.run };
};

/** Replay every ended run a filter selects, oldest first; reports how many. */
export const replayRuns = async (
  ctx: OperationsContext,
  filter: ReplayFilter,
): Promise<ReplayResult> => {
  const selection = replaySelection(filter, ctx.functions.values());
  if (selection._tag === "Left") throw validationError(selection.left);
  const originals: Run[] = [];
  for await (const run of allRuns(ctx.store, selection.right)) originals.push(run);
  const runIds: string[] = [];
  for (const original of originals.reverse()) {
    const replay = await createReplay(ctx, original);
    if (replay._tag === "Right") runIds.push(replay.right.id);
  }
  await ctx.scheduler.tick();
  return { count: runIds.length, run_ids: runIds };
};
