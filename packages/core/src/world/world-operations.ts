import { type Either, left, right } from "fp-ts/lib/Either.js";
import type { BulkCancellation } from "../codecs/bulk-cancellation";
import type { Run } from "../codecs/run";
import { isTerminal } from "../machine/run-machine";
import { bulkSelects, newBulkRecord, validateBulkRequest } from "../operations/bulk-request";
import type { FieldError } from "../operations/time-field";
import { newRun } from "../reducer/create-run";
import type { World } from "./world";
import { applyToRun, type NewId, type WorldAction } from "./world-step";
import { createRunInWorld } from "./world-write";

/** Newest first, as `Store.listRuns` orders: createdAt desc, then id desc. */
const newestFirst = (a: Run, b: Run): number =>
  b.createdAt - a.createdAt || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);
const cursorOf = (run: Run): string => `${run.createdAt}:${run.id}`;
const after =
  (cursor: string | null) =>
  (run: Run): boolean => {
    if (cursor === null) return true;
    const [at, id] = [
      Number(cursor.slice(0, cursor.indexOf(":"))),
      cursor.slice(cursor.indexOf(":") + 1),
    ];
    return run.createdAt < at || (run.createdAt === at && run.id < id);
  };

/** Create a bulk cancellation record; a dry run is counted at once and completes. */
export const createBulkInWorld = (
  world: World,
  request: unknown,
  newId: NewId,
): Either<FieldError, BulkCancellation> => {
  const valid = validateBulkRequest(request, world.functions.values(), world.now);
  if (valid._tag === "Left") return valid;
  const record = newBulkRecord(newId(), valid.right, world.now, world.lastCreatedPos);
  const stored: BulkCancellation = record.dry_run
    ? {
        ...record,
        status: "completed",
        matched: [...world.runs.values()].filter((run) => bulkSelects(record, run)).length,
      }
    : record;
  world.bulk.set(stored.id, stored);
  return right(stored);
};

/** One sweep batch of a running bulk cancellation, in `listRuns` order from its cursor. */
export const sweepBatch = (
  world: World,
  id: string,
  batchSize: number,
  newId: NewId,
): WorldAction[] => {
  const record = world.bulk.get(id);
  if (record === undefined || record.status !== "running") return [];
  const candidates = [...world.runs.values()]
    .filter(
      (run) => run.functionId === record.function_id && run.createdAt <= record.started_before,
    )
    .filter((run) => record.started_after === null || run.createdAt >= record.started_after)
    .sort(newestFirst)
    .filter(after(record.cursor));
  const batch = candidates.slice(0, batchSize);
  const actions: WorldAction[] = [];
  let { matched, cancelled } = record;
  for (const run of batch) {
    if (!bulkSelects(record, run)) continue;
    matched += 1;
    const cancellation = { source: "bulk" as const, at: world.now, cancellation_id: id };
    const result = applyToRun(world, run, { _tag: "Cancel", at: world.now, cancellation }, newId);
    if (result.outcome._tag === "Applied") cancelled += 1;
    actions.push(...result.actions);
  }
  const last = batch.at(-1);
  const done = candidates.length <= batchSize || last === undefined;
  world.bulk.set(id, {
    ...record,
    matched,
    cancelled,
    cursor: done ? null : cursorOf(last),
    status: done ? "completed" : "running",
    updated_at: world.now,
    version: record.version + 1,
  });
  return actions;
};

export const stopBulkInWorld = (world: World, id: string): BulkCancellation | null => {
  const record = world.bulk.get(id);
  if (record === undefined || record.status !== "running") return record ?? null;
  const stopped: BulkCancellation = {
    ...record,
    status: "stopped",
    updated_at: world.now,
    version: record.version + 1,
  };
  world.bulk.set(id, stopped);
  return stopped;
};

/** A new run with an ended run's events and `original_run_id`; null when the run has not ended. */
export const replayInWorld = (world: World, original: Run, newId: NewId): Either<string, Run> => {
  if (!isTerminal(original.state)) return left(`run has not ended (it is ${original.state})`);
  const fn = world.functions.get(original.functionId);
  const trigger = world.events.get(original.triggerEventId);
  if (fn === undefined || trigger === undefined)
    return left("its function or triggering event is gone");
  const created = newRun({
    id: newId(),
    fn,
    trigger,
    events: original.events,
    at: world.now,
    afterSeq: world.seq,
    originalRunId: original.id,
  });
  return right(
    createRunInWorld(world, {
      run: created.run,
      addListeners: created.listeners,
      removeListeners: [],
      timer: undefined,
      enqueueAt: world.now,
      emit: [],
    }),
  );
};

/** Pause a function; with `cancelRunning`, cancel its active runs (source pause). */
export const pauseInWorld = (world: World, slug: string, cancelRunning: boolean, newId: NewId) => {
  world.paused.add(slug);
  let cancelled = 0;
  const actions: WorldAction[] = [];
  if (cancelRunning) {
    for (const run of [...world.runs.values()].filter(
      (r) => r.functionId === slug && !isTerminal(r.state),
    )) {
      const cancellation = {
        source: "pause" as const,
        at: world.now,
        reason: "function paused with cancelRunning",
      };
      const result = applyToRun(world, run, { _tag: "Cancel", at: world.now, cancellation }, newId);
      if (result.outcome._tag === "Applied") cancelled += 1;
      actions.push(...result.actions);
    }
  }
  return { cancelled, actions };
};

/** Resume a function: its paused runs are queued again. */
export const resumeInWorld = (world: World, slug: string, newId: NewId) => {
  world.paused.delete(slug);
  let resumed = 0;
  const actions: WorldAction[] = [];
  for (const run of [...world.runs.values()].filter(
    (r) => r.functionId === slug && r.state === "paused",
  )) {
    const result = applyToRun(world, run, { _tag: "Resume", at: world.now }, newId);
    if (result.outcome._tag === "Applied") resumed += 1;
    actions.push(...result.actions);
  }
  return { resumed, actions };
};
