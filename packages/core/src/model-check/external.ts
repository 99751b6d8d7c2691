import type { Either } from "fp-ts/lib/Either.js";
import { parseDuration, toEpochMs } from "../config/duration";
import { prepareEvents } from "../events/prepare-events";
import { apiCancellation } from "../operations/cancel-run";
import { resolveFunction } from "../operations/resolve-function";
import type { RunOutcome } from "../reducer/effects";
import type { FunctionNotFoundError } from "../sdk/errors";
import type { WorldAction } from "../world/world-step";
import { commit, type Rescheduled, type Successor } from "./commit";
import type { ExplorationContext } from "./context";
import { formatOffset } from "./describe";
import { resolveRun } from "./labels";
import { type ExplorerState, labelOf, newIdFor } from "./state";
import type { ScenarioAction } from "./types";

const advanceCursor = (ctx: ExplorationContext, state: ExplorerState, member: number): void => {
  const size = ctx.steps[state.cursor.index]?.length ?? 1;
  const done = state.cursor.done | (1 << member);
  state.cursor =
    done === (1 << size) - 1
      ? { index: state.cursor.index + 1, done: 0 }
      : { index: state.cursor.index, done };
};

const answer = (outcome: RunOutcome): string =>
  outcome._tag === "Applied"
    ? "cancellation committed"
    : outcome._tag === "Rejected"
      ? `409 (${outcome.reason})`
      : `unchanged (${outcome.reason})`;

/** A scenario that names a function nobody registered is the scenario's mistake. */
const orScenarioError = <A>(result: Either<FunctionNotFoundError, A>): A => {
  if (result._tag === "Left") throw new Error(`scenario: no function "${result.left.functionId}"`);
  return result.right;
};

type Performed = {
  readonly actions: readonly WorldAction[];
  readonly what: string;
  readonly api?: Successor["api"];
  readonly rescheduled?: Rescheduled;
};

const perform = (
  ctx: ExplorationContext,
  next: ExplorerState,
  action: ScenarioAction,
): Performed => {
  const { world } = next;
  const newId = newIdFor(next);
  if ("send" in action) {
    const label = ctx.sendLabels.get(action) ?? action.send.name;
    const [id] = ctx.semantics.ingest(world, prepareEvents(action.send), newId);
    if (id !== undefined && !next.labels.has(id)) next.labels.set(id, label);
    const data = JSON.stringify(action.send.data ?? {});
    return { actions: [], what: `send ${label}: ${action.send.name} ${data}` };
  }
  if ("cancel" in action) {
    const runId = resolveRun(next, action.cancel) ?? "";
    const cancellation = apiCancellation(world.now, action.reason);
    const result = ctx.semantics.cancel(world, runId, cancellation, newId);
    const outcome: RunOutcome = result?.outcome ?? {
      _tag: "Rejected",
      reason: "404 run not found",
    };
    return {
      actions: result?.actions ?? [],
      what: `cancelRun(${labelOf(next, runId)}) → ${answer(outcome)}`,
      api: { runId, outcome },
    };
  }
  if ("bulkCancel" in action) {
    const request = action.bulkCancel;
    const fn = resolveFunction(world.functions.values(), request.functionId);
    const body = {
      appId: fn?.appId ?? "",
      ...request,
      startedBefore: request.startedBefore ?? world.now,
    };
    const runsBefore = [...world.runs.keys()];
    const created = ctx.semantics.createBulk(world, body, newId);
    const filter = request.if === undefined ? "" : `, if ${request.if}`;
    if (created._tag === "Left") {
      return {
        actions: [],
        what: `createCancellation(${request.functionId}${filter}) → rejected: ${created.left.message}`,
      };
    }
    next.bulkEligible.set(created.right.id, runsBefore);
    return { actions: [], what: `createCancellation(${request.functionId}${filter}) → sweeping` };
  }
  if ("pause" in action) {
    const cancelRunning = action.cancelRunning === true;
    const result = orScenarioError(ctx.semantics.pause(world, action.pause, cancelRunning, newId));
    const flag = cancelRunning ? ", { cancelRunning: true }" : "";
    return {
      actions: result.actions,
      what: `pauseFunction(${action.pause}${flag}) → ${result.changed} cancelled`,
    };
  }
  if ("resume" in action) {
    const result = orScenarioError(ctx.semantics.resume(world, action.resume, newId));
    return {
      actions: result.actions,
      what: `resumeFunction(${action.resume}) → ${result.changed} resumed`,
    };
  }
  if ("reschedule" in action) {
    const runId = resolveRun(next, action.reschedule) ?? "";
    const until = toEpochMs(action.until);
    if (until._tag === "Left") throw new Error(`scenario: reschedule: ${until.left}`);
    const result = ctx.semantics.reschedule(world, runId, until.right, newId);
    const outcome: RunOutcome = result?.outcome ?? {
      _tag: "Rejected",
      reason: "404 run not found",
    };
    const moved = outcome._tag === "Applied" ? "moved" : answer(outcome);
    return {
      actions: result?.actions ?? [],
      what: `rescheduleRun(${labelOf(next, runId)}, ${formatOffset(until.right - ctx.start)}) → ${moved}`,
      rescheduled: { runId, until: until.right, outcome },
    };
  }
  if ("advance" in action) {
    const ms = parseDuration(action.advance);
    if (ms._tag === "Left") throw new Error(`scenario: advance: ${ms.left}`);
    world.now += ms.right;
    return { actions: [], what: `advance ${action.advance}` };
  }
  return { actions: [], what: "idle: nothing is due" };
};

/** Perform one action of the script. */
export const performAction = (
  ctx: ExplorationContext,
  state: ExplorerState,
  member: number,
  action: ScenarioAction,
): Successor =>
  commit(ctx, state, (next) => {
    advanceCursor(ctx, next, member);
    return perform(ctx, next, action);
  });
