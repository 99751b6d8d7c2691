import { type Either, right } from "fp-ts/lib/Either.js";
import type { BulkCancellation } from "../codecs/bulk-cancellation";
import type { Run } from "../codecs/run";
import { bulkSelects, requestBulkCancellation } from "../operations/bulk-request";
import {
  bulkBatchQuery,
  bulkCancelInput,
  bulkSelection,
  dryRunRecord,
  planBulkBatch,
  recordBulkBatch,
  stopBulkRecord,
} from "../operations/bulk-sweep";
import { type FunctionOperation, pauseOperation, resumeOperation } from "../operations/pause";
import { replayInput, replaySelection } from "../operations/replay";
import type { ReplayFilter } from "../operations/replay-filter";
import type { FieldError } from "../operations/time-field";
import type { RunInput, RunOutcome } from "../reducer/effects";
import type { FunctionNotFoundError, RunConflictError } from "../sdk/errors";
import { getEvent } from "../store/reference/events";
import {
  getBulkCancellation,
  putBulkCancellation,
  setFunctionPaused,
} from "../store/reference/records";
import { listAllRuns, listRuns } from "../store/reference/runs";
import type { World } from "./world";
import { admitInWorld, applyToRun, type NewId, type WorldAction } from "./world-step";

// The operations of SPEC §4.5–4.6 carried out on the world: the decisions are the core's
// (`operations/`), the reads and writes the reference store's, as the engine's are its store's.

const applyById = (
  world: World,
  runId: string,
  input: RunInput,
  newId: NewId,
): { readonly outcome: RunOutcome; readonly actions: readonly WorldAction[] } => {
  const run = world.runs.get(runId);
  return run === undefined
    ? { outcome: { _tag: "Ignored", reason: "run gone" }, actions: [] }
    : applyToRun(world, run, input, newId);
};

const save = (world: World, record: BulkCancellation, expectedVersion: number | null): void => {
  const error = putBulkCancellation(world, record, expectedVersion);
  if (error !== null) throw new Error(`reference model refused a write: ${JSON.stringify(error)}`);
};

/** Create a bulk cancellation record; a dry run is counted at once and completes. */
export const createBulkInWorld = (
  world: World,
  request: unknown,
  newId: NewId,
): Either<FieldError, BulkCancellation> => {
  const at = { id: newId(), now: world.now, createdPos: world.lastCreatedPos };
  const created = requestBulkCancellation(request, world.functions.values(), at);
  if (created._tag === "Left") return created;
  const record = created.right;
  const stored = record.dry_run
    ? dryRunRecord(
        record,
        listAllRuns(world, bulkSelection(record)).filter((run) => bulkSelects(record, run)).length,
      )
    : record;
  save(world, stored, null);
  return right(stored);
};

/** One sweep batch of a running bulk cancellation, the page its cursor points at. */
export const sweepBatch = (
  world: World,
  id: string,
  batchSize: number,
  newId: NewId,
): WorldAction[] => {
  const record = getBulkCancellation(world, id);
  if (record === null || record.status !== "running") return [];
  const batch = planBulkBatch(record, listRuns(world, bulkBatchQuery(record, batchSize)));
  const actions: WorldAction[] = [];
  let cancelled = 0;
  for (const runId of batch.selected) {
    const result = applyById(world, runId, bulkCancelInput(id, world.now), newId);
    if (result.outcome._tag === "Applied") cancelled += 1;
    actions.push(...result.actions);
  }
  const current = getBulkCancellation(world, id) ?? record;
  save(world, recordBulkBatch(current, batch, cancelled, world.now), current.version);
  return actions;
};

export const stopBulkInWorld = (world: World, id: string): BulkCancellation | null => {
  const record = getBulkCancellation(world, id);
  if (record === null) return null;
  const stopped = stopBulkRecord(record, world.now);
  if (stopped === null) return record;
  save(world, stopped, record.version);
  return stopped;
};

/** A replay and what the driver must perform (for a singleton's holder it cancelled). */
export interface WorldReplay {
  readonly run: Run;
  readonly actions: readonly WorldAction[];
}

/**
 * A new run with an ended run's events and `original_run_id`, admitted as any new run (a
 * singleton's slot); it may be created `skipped`.
 */
export const replayInWorld = (
  world: World,
  original: Run,
  newId: NewId,
): Either<RunConflictError, WorldReplay> => {
  const source = {
    original,
    fn: world.functions.get(original.functionId),
    trigger: getEvent(world, original.triggerEventId),
  };
  const input = replayInput(source, { id: newId(), now: world.now, afterSeq: world.seq });
  if (input._tag === "Left") return input;
  const { admission, actions } = admitInWorld(world, input.right, newId, true);
  if (admission._tag === "Refused")
    throw new Error(`model refused a replay: ${admission.error._tag}`);
  return right({ run: world.runs.get(admission.run.id) ?? admission.run, actions });
};

/** Replay the ended runs a filter selects, oldest first; those that cannot replay are skipped. */
export const replayManyInWorld = (
  world: World,
  filter: ReplayFilter,
  newId: NewId,
): Either<FieldError, WorldReplay[]> => {
  const selection = replaySelection(filter, world.functions.values());
  if (selection._tag === "Left") return selection;
  const replays: WorldReplay[] = [];
  for (const original of listAllRuns(world, selection.right).reverse()) {
    const replay = replayInWorld(world, original, newId);
    if (replay._tag === "Right") replays.push(replay.right);
  }
  return right(replays);
};

/** What pausing or resuming a function did: how many runs it changed, and what to perform. */
export interface FunctionOperationResult {
  readonly slug: string;
  readonly changed: number;
  readonly actions: readonly WorldAction[];
}

/** Pause or resume a function: its flag, then its input to each run it lists. */
const runFunctionOperation = (
  world: World,
  operation: Either<FunctionNotFoundError, FunctionOperation>,
  newId: NewId,
): Either<FunctionNotFoundError, FunctionOperationResult> => {
  if (operation._tag === "Left") return operation;
  const { slug, paused, runs, input } = operation.right;
  setFunctionPaused(world, slug, paused);
  let changed = 0;
  const actions: WorldAction[] = [];
  for (const run of runs === null ? [] : listAllRuns(world, runs)) {
    const result = applyById(world, run.id, input(world.now), newId);
    if (result.outcome._tag === "Applied") changed += 1;
    actions.push(...result.actions);
  }
  return right({ slug, changed, actions });
};

/** Pause a function (by id or slug); with `cancelRunning`, cancel its runs that have not ended. */
export const pauseInWorld = (
  world: World,
  idOrSlug: string,
  cancelRunning: boolean,
  newId: NewId,
): Either<FunctionNotFoundError, FunctionOperationResult> =>
  runFunctionOperation(
    world,
    pauseOperation(world.functions.values(), idOrSlug, cancelRunning),
    newId,
  );

/** Resume a function (by id or slug): its paused runs are queued again. */
export const resumeInWorld = (
  world: World,
  idOrSlug: string,
  newId: NewId,
): Either<FunctionNotFoundError, FunctionOperationResult> =>
  runFunctionOperation(world, resumeOperation(world.functions.values(), idOrSlug), newId);
