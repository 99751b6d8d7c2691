import {
  isTerminal,
  newRun,
  optionalTimeField,
  QuellValidationError,
  type ReplayFilter,
  type ReplayResult,
  type Run,
  RunConflictError,
  RunNotFoundError,
  type RunView,
  resolveFunction,
  toRunView,
} from "@quell/core";
import { allRuns, type OperationsContext } from "./context";
import { statesFor } from "./statuses";

/** Replay an ended run: a new run with the same triggering event(s) and `original_run_id` (SPEC §4.6). */
export const replayRun = async (ctx: OperationsContext, id: string): Promise<RunView> => {
  const run = await ctx.store.getRun(id);
  if (run === null) throw new RunNotFoundError(id);
  if (!isTerminal(run.state))
    throw new RunConflictError(id, `run has not ended (it is ${run.state})`);
  const replay = await createReplay(ctx, run);
  await ctx.scheduler.tick();
  return toRunView(replay);
};

const createReplay = async (ctx: OperationsContext, original: Run): Promise<Run> => {
  const fn = ctx.functions.get(original.functionId);
  if (fn === undefined)
    throw new RunConflictError(original.id, `function ${original.functionId} is not registered`);
  const trigger = await ctx.store.getEvent(original.triggerEventId);
  if (trigger === null)
    throw new RunConflictError(original.id, "its triggering event is no longer stored");
  const now = ctx.clock.now();
  const created = newRun({
    id: ctx.newId(),
    fn,
    trigger,
    events: original.events,
    at: now,
    afterSeq: await ctx.store.lastSeq(),
    originalRunId: original.id,
  });
  await ctx.store.createRun({
    run: created.run,
    addListeners: created.listeners,
    removeListeners: [],
    timer: undefined,
    enqueueAt: now,
    emit: [],
    // Only events ingested after the replay exists may cancel it: the store stamps the position.
    stampListenersAtCommit: true,
  });
  return created.run;
};

/** Replay every ended run of a function created in a window with a status; reports how many. */
export const replayRuns = async (
  ctx: OperationsContext,
  filter: ReplayFilter,
): Promise<ReplayResult> => {
  const fn =
    typeof filter?.functionId === "string"
      ? resolveFunction(ctx.functions.values(), filter.functionId)
      : undefined;
  if (fn === undefined)
    throw new QuellValidationError("functionId", `no function "${String(filter?.functionId)}"`);
  const after = optionalTimeField("startedAfter", filter.startedAfter);
  if (after._tag === "Left") throw new QuellValidationError(after.left.field, after.left.message);
  const before = optionalTimeField("startedBefore", filter.startedBefore);
  if (before._tag === "Left")
    throw new QuellValidationError(before.left.field, before.left.message);
  const statuses =
    filter.status === undefined
      ? ["Cancelled"]
      : Array.isArray(filter.status)
        ? filter.status
        : [filter.status];
  const states = statesFor(statuses as readonly string[]).filter(isTerminal);
  if (states.length === 0)
    throw new QuellValidationError(
      "status",
      "must name ended statuses: Completed, Failed, Cancelled or Skipped",
    );
  const originals: Run[] = [];
  for await (const run of allRuns(ctx.store, {
    functionId: fn.slug,
    states,
    ...(after.right !== null ? { createdAfter: after.right } : {}),
    ...(before.right !== null ? { createdBefore: before.right } : {}),
  })) {
    originals.push(run);
  }
  const runIds: string[] = [];
  for (const original of originals.reverse()) runIds.push((await createReplay(ctx, original)).id);
  await ctx.scheduler.tick();
  return { count: runIds.length, run_ids: runIds };
};
