import { type PauseResult, pauseOperation, type ResumeResult, resumeOperation } from "@quell/core";
import { allRuns, type OperationsContext } from "./context";

// Pause and resume's effects (SPEC §4.6): which runs change and how is the core's
// (`operations/pause.ts`), the same functions the simulation runs.

/** Store the function's flag, then apply the operation's input to each run it lists. */
const perform = async (
  ctx: OperationsContext,
  operation: ReturnType<typeof pauseOperation>,
): Promise<{ readonly slug: string; readonly changed: number }> => {
  if (operation._tag === "Left") throw operation.left;
  const { slug, paused, runs, input } = operation.right;
  await ctx.store.setFunctionPaused(slug, paused);
  await ctx.scheduler.refreshBoundary();
  const ids: string[] = [];
  if (runs !== null) for await (const run of allRuns(ctx.store, runs)) ids.push(run.id);
  let changed = 0;
  for (const id of ids) {
    const result = await ctx.scheduler.apply(id, () => input(ctx.clock.now()));
    if (result?.outcome._tag === "Applied") changed += 1;
  }
  if (runs !== null) await ctx.scheduler.tick();
  return { slug, changed };
};

/** Pause a function: events create Skipped runs, runs stop at their next step boundary (or are cancelled). */
export const pauseFunction = async (
  ctx: OperationsContext,
  idOrSlug: string,
  options: { readonly cancelRunning?: boolean } = {},
): Promise<PauseResult> => {
  const operation = pauseOperation(
    ctx.functions.values(),
    idOrSlug,
    options.cancelRunning === true,
  );
  const { slug, changed } = await perform(ctx, operation);
  return { function_id: slug, paused: true, cancelled: changed };
};

/** Resume a function: its paused runs continue; events skipped meanwhile are not backfilled. */
export const resumeFunction = async (
  ctx: OperationsContext,
  idOrSlug: string,
): Promise<ResumeResult> => {
  const { slug, changed } = await perform(ctx, resumeOperation(ctx.functions.values(), idOrSlug));
  return { function_id: slug, paused: false, resumed: changed };
};
