import type { Cancellation } from "../codecs/cancellation";
import type { StoredEvent } from "../codecs/event";
import type { Op } from "../codecs/ops";
import type { Run } from "../codecs/run";
import { invokeRefusal } from "../invoke/invoke-routing";
import { atStepBoundary } from "../operations/boundary";
import { type NewRunInput, runContext } from "../reducer/create-run";
import type { RunInput, RunOutcome } from "../reducer/effects";
import { listenerInput } from "../reducer/listener-input";
import { cancelFirst, functionsTriggeredBy, listenerAccepts } from "../reducer/matching";
import { reduceRun } from "../reducer/reduce-run";
import { type RunAction, toRunWrite } from "../reducer/to-write";
import { type Admission, admitRun } from "../singleton/admission";
import { createRun } from "../store/reference/runs";
import type { World } from "./world";
import { commitInWorld } from "./world-write";

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

/**
 * Create a run through the admission protocol (`admitRun`: its singleton slot, and what a held
 * slot means), as the engine does on its store. Returns how it ended and what the driver must
 * perform for the runs it cancelled (a step in flight to abort).
 */
export const admitInWorld = (
  world: World,
  input: NewRunInput,
  newId: NewId,
  stamp = false,
): { readonly admission: Admission; readonly actions: readonly WorldAction[] } => {
  const protocol = admitRun(input, stamp);
  const actions: WorldAction[] = [];
  let step = protocol.next();
  while (step.done !== true) {
    const request = step.value;
    if (request._tag === "CreateRun") {
      step = protocol.next(createRun(world, request.write));
      continue;
    }
    const cancelled = cancelInWorld(world, request.runId, request.cancellation, newId);
    if (cancelled !== null) actions.push(...cancelled.actions);
    step = protocol.next(null);
  }
  return { admission: step.value, actions };
};

/**
 * Process one ingested event: create the runs it triggers (an invoke's child; or fail the
 * invoke when its function is missing or paused), then cancel or resume the runs it matches.
 */
export const processEvent = (world: World, event: StoredEvent, newId: NewId): WorldAction[] => {
  const actions: WorldAction[] = [];
  const triggered = functionsTriggeredBy([...world.functions.values()], event.payload);
  for (const fn of triggered) {
    const input = {
      id: newId(),
      fn,
      trigger: event,
      at: world.now,
      afterSeq: event.seq,
      skipped: world.paused.has(fn.slug),
    };
    const { admission, actions: admitted } = admitInWorld(world, input, newId);
    // The world decides on the runs it stores, so a refused creation is a bug of the model.
    if (admission._tag === "Refused")
      throw new Error(`model refused a run: ${admission.error._tag}`);
    actions.push(...admitted);
  }
  const refused = invokeRefusal(event.payload, triggered, world.paused, world.now);
  if (refused !== null) actions.push(...applyById(world, refused.runId, refused.input, newId));
  const candidates = [...world.listeners.values()]
    .filter((l) => l.event === event.payload.name)
    .sort(cancelFirst);
  for (const listener of candidates) {
    const run = world.runs.get(listener.runId);
    if (run === undefined || !world.listeners.has(listener.id)) continue;
    if (!listenerAccepts(listener, run.event, event)) continue;
    const input = listenerInput(listener, event, world.now);
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
