import type { Cancellation } from "../codecs/cancellation";
import type { StoredEvent } from "../codecs/event";
import type { Op } from "../codecs/ops";
import type { Run } from "../codecs/run";
import { atStepBoundary } from "../operations/boundary";
import { newRun, runContext } from "../reducer/create-run";
import type { RunInput, RunOutcome } from "../reducer/effects";
import { cancelFirst, functionsTriggeredBy, listenerAccepts } from "../reducer/matching";
import { reduceRun } from "../reducer/reduce-run";
import { type RunAction, toRunWrite } from "../reducer/to-write";
import type { World } from "./world";
import { commitInWorld, createRunInWorld } from "./world-write";

/** An action for the driver to perform after a transition committed. */
export interface WorldAction {
  readonly runId: string;
  readonly action: RunAction;
}

export type NewId = () => string;

/** Apply one input to one run, commit it into the world, and return what the driver must do. */
export const applyToRun = (
  world: World,
  run: Run,
  input: RunInput,
  newId: NewId,
): {
  readonly outcome: RunOutcome;
  readonly actions: readonly WorldAction[];
  readonly run: Run;
} => {
  const ctx = runContext(world.functions.get(run.functionId), run);
  if (ctx === null)
    return { outcome: { _tag: "Ignored", reason: "unknown function" }, actions: [], run };
  const bulk = [...world.bulk.values()].filter((r) => r.status === "running" && !r.dry_run);
  const checked = atStepBoundary(run, input, { paused: world.paused, bulk });
  const reduction = reduceRun(run, checked, ctx);
  if (reduction.outcome._tag !== "Applied") return { outcome: reduction.outcome, actions: [], run };
  const { write, actions } = toRunWrite(reduction.run, reduction.effects, checked.at, newId);
  // As the engine commits (`transact`): a reported op's listeners count events from the commit on.
  commitInWorld(
    world,
    { ...write, stampListenersAtCommit: checked._tag === "OpReported" },
    run.version,
  );
  return {
    outcome: reduction.outcome,
    actions: actions.map((action) => ({ runId: run.id, action })),
    run: reduction.run,
  };
};

/** Apply one input to a run of the world by id (none if it does not exist); the driver's actions. */
const applyById = (world: World, runId: string, input: RunInput, newId: NewId): WorldAction[] => {
  const run = world.runs.get(runId);
  return run === undefined ? [] : [...applyToRun(world, run, input, newId).actions];
};

/** Process one ingested event: create the runs it triggers, then cancel or resume the runs it matches. */
export const processEvent = (world: World, event: StoredEvent, newId: NewId): WorldAction[] => {
  for (const fn of functionsTriggeredBy([...world.functions.values()], event.payload)) {
    const skipped = world.paused.has(fn.slug);
    const created = newRun({
      id: newId(),
      fn,
      trigger: event,
      at: world.now,
      afterSeq: event.seq,
      skipped,
    });
    createRunInWorld(world, {
      run: created.run,
      addListeners: created.listeners,
      removeListeners: [],
      timer: undefined,
      enqueueAt: skipped ? undefined : world.now,
      emit: [],
    });
  }
  const actions: WorldAction[] = [];
  const candidates = [...world.listeners.values()]
    .filter((l) => l.event === event.payload.name)
    .sort(cancelFirst);
  for (const listener of candidates) {
    const run = world.runs.get(listener.runId);
    if (run === undefined || !world.listeners.has(listener.id)) continue;
    if (!listenerAccepts(listener, run.event, event)) continue;
    const input: RunInput =
      listener.kind === "cancel"
        ? {
            _tag: "Cancel",
            at: world.now,
            cancellation: { source: "event", at: world.now, event_id: event.internalId },
          }
        : {
            _tag: "WaitMatched",
            at: world.now,
            stepHash: listener.stepHash ?? "",
            event: event.payload,
          };
    actions.push(...applyToRun(world, run, input, newId).actions);
  }
  return actions;
};

/** Process every pending event, including those the processing itself emits. */
export const processPending = (world: World, newId: NewId): WorldAction[] => {
  const actions: WorldAction[] = [];
  for (let event = world.pending.shift(); event !== undefined; event = world.pending.shift()) {
    actions.push(...processEvent(world, event, newId));
  }
  return actions;
};

const dueEntries = (map: Map<string, number>, now: number): string[] =>
  [...map]
    .filter(([, at]) => at <= now)
    .sort(([a, x], [b, y]) => x - y || (a < b ? -1 : 1))
    .map(([runId]) => runId);

/** Fire one run's timer (the model checker picks which due timer fires first). */
export const fireTimer = (world: World, runId: string, newId: NewId): WorldAction[] => {
  world.timers.delete(runId);
  return applyById(world, runId, { _tag: "TimerFired", at: world.now }, newId);
};

/** Fire every due timer, earliest first. */
export const fireTimers = (world: World, newId: NewId): WorldAction[] =>
  dueEntries(world.timers, world.now).flatMap((runId) => fireTimer(world, runId, newId));

/** Claim one run's queue item and start an execution (the model checker picks the order). */
export const claimRun = (world: World, runId: string, newId: NewId): WorldAction[] => {
  world.queue.delete(runId);
  return applyById(world, runId, { _tag: "LeaseGranted", at: world.now, expired: false }, newId);
};

/** Start an execution for every due queue item. */
export const claimQueued = (world: World, newId: NewId): WorldAction[] =>
  dueEntries(world.queue, world.now).flatMap((runId) => claimRun(world, runId, newId));

/**
 * The worker holding a run's execution stopped renewing its lease, and another one takes the
 * lease over (the engine's scheduler when it recovers an expired lease; the model checker, at
 * any point a worker could stall or die). The presumed dead worker may still report: its
 * report carries the old lease epoch, and the reducer ignores it.
 */
export const expireLease = (world: World, runId: string, newId: NewId): WorldAction[] =>
  applyById(world, runId, { _tag: "LeaseGranted", at: world.now, expired: true }, newId);

/** Commit what an execution reported; `epoch` is the lease epoch its `Execute` carried. */
export const reportOp = (
  world: World,
  runId: string,
  op: Op,
  epoch: number,
  newId: NewId,
): WorldAction[] =>
  applyById(world, runId, { _tag: "OpReported", at: world.now, op, seq: world.seq, epoch }, newId);

/** Cancel one run through the API (or any non-event source). */
export const cancelInWorld = (
  world: World,
  runId: string,
  cancellation: Cancellation,
  newId: NewId,
): { readonly outcome: RunOutcome; readonly actions: readonly WorldAction[] } | null => {
  const run = world.runs.get(runId);
  if (run === undefined) return null;
  return applyToRun(world, run, { _tag: "Cancel", at: world.now, cancellation }, newId);
};
