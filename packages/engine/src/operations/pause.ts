import {
  FunctionNotFoundError,
  type PauseResult,
  type ResumeResult,
  resolveFunction,
} from "@quell/core";
import { ACTIVE_STATES, allRuns, type OperationsContext } from "./context";

const slugOf = (ctx: OperationsContext, idOrSlug: string): string => {
  const fn = resolveFunction(ctx.functions.values(), idOrSlug);
  if (fn === undefined) throw new FunctionNotFoundError(idOrSlug);
  return fn.slug;
};

/**
 * Pause a function (SPEC §4.6): its events create Skipped runs and its in-flight runs stop at
 * their next step boundary. With `cancelRunning`, those runs are cancelled instead (source pause).
 */
export const pauseFunction = async (
  ctx: OperationsContext,
  idOrSlug: string,
  options: { readonly cancelRunning?: boolean } = {},
): Promise<PauseResult> => {
  const slug = slugOf(ctx, idOrSlug);
  await ctx.store.setFunctionPaused(slug, true);
  await ctx.scheduler.refreshBoundary();
  let cancelled = 0;
  if (options.cancelRunning === true) {
    const ids: string[] = [];
    for await (const run of allRuns(ctx.store, { functionId: slug, states: ACTIVE_STATES }))
      ids.push(run.id);
    for (const id of ids) {
      const result = await ctx.scheduler.apply(id, () => ({
        _tag: "Cancel",
        at: ctx.clock.now(),
        cancellation: {
          source: "pause",
          at: ctx.clock.now(),
          reason: "function paused with cancelRunning",
        },
      }));
      if (result?.outcome._tag === "Applied") cancelled += 1;
    }
    await ctx.scheduler.tick();
  }
  return { function_id: slug, paused: true, cancelled };
};

/** Resume a function: its paused runs continue; events skipped meanwhile are not backfilled. */
export const resumeFunction = async (
  ctx: OperationsContext,
  idOrSlug: string,
): Promise<ResumeResult> => {
  const slug = slugOf(ctx, idOrSlug);
  await ctx.store.setFunctionPaused(slug, false);
  await ctx.scheduler.refreshBoundary();
  const ids: string[] = [];
  for await (const run of allRuns(ctx.store, { functionId: slug, states: ["paused"] }))
    ids.push(run.id);
  let resumed = 0;
  for (const id of ids) {
    const result = await ctx.scheduler.apply(id, () => ({ _tag: "Resume", at: ctx.clock.now() }));
    if (result?.outcome._tag === "Applied") resumed += 1;
  }
  await ctx.scheduler.tick();
  return { function_id: slug, paused: false, resumed };
};
