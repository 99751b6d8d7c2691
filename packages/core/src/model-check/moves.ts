import type { StoredEvent } from "../codecs/event";
import { isTerminal } from "../machine/run-machine";
import { holdsLease } from "../reducer/lease";
import { functionsTriggeredBy } from "../reducer/matching";
import { FUNCTION_INVOKED } from "../system-events";
import { commit, type Successor, without } from "./commit";
import { type ExplorationContext, scriptDone } from "./context";
import { describeOp } from "./describe";
import { performAction } from "./external";
import { resolveRun } from "./labels";
import { type ExplorerState, isStale, labelOf, newIdFor } from "./state";
import type { ScenarioAction } from "./types";

/** One thing that can happen next: an action of the script, or one of the engine's own choices. */
export type Move =
  | { readonly kind: "act"; readonly member: number; readonly action: ScenarioAction }
  | { readonly kind: "process" }
  | { readonly kind: "timer"; readonly runId: string }
  | { readonly kind: "claim"; readonly runId: string }
  | { readonly kind: "deliver"; readonly serial: number }
  | { readonly kind: "send"; readonly serial: number }
  | { readonly kind: "lease"; readonly serial: number }
  | { readonly kind: "sweep"; readonly bulkId: string }
  | { readonly kind: "drain" };

const due = (map: ReadonlyMap<string, number>, now: number): string[] =>
  [...map].filter(([, at]) => at <= now).map(([id]) => id);

/** The engine's own choices in a state: each is explored. */
export const internalMoves = (ctx: ExplorationContext, state: ExplorerState): Move[] => {
  const { world } = state;
  const moves: Move[] = [];
  if (world.pending.length > 0) moves.push({ kind: "process" });
  for (const runId of due(world.timers, world.now)) moves.push({ kind: "timer", runId });
  for (const runId of due(world.queue, world.now)) moves.push({ kind: "claim", runId });
  for (const x of state.executions) {
    moves.push({ kind: x.kind === "send" ? "send" : "deliver", serial: x.serial });
    // The worker of a handler execution may stall past its lease (or die): another takes over.
    const run = world.runs.get(x.runId);
    const leased = run !== undefined && holdsLease(run.state) && !isStale(world, x);
    if (x.kind === "handler" && leased && state.leases < ctx.leaseExpiries) {
      moves.push({ kind: "lease", serial: x.serial });
    }
  }
  for (const record of world.bulk.values()) {
    if (record.status === "running" && !record.dry_run)
      moves.push({ kind: "sweep", bulkId: record.id });
  }
  return moves;
};

const actionEnabled = (state: ExplorerState, action: ScenarioAction, idle: boolean): boolean => {
  if ("idle" in action) return idle;
  if ("cancel" in action) return resolveRun(state, action.cancel) !== null;
  if ("reschedule" in action) return resolveRun(state, action.reschedule) !== null;
  return true;
};

/**
 * A move that changes nothing anyone can observe and commutes with every other move, if there
 * is one: processing an event that triggers no function and that no listener listens for (no
 * listener added later can match it: later waits and later runs only accept later events),
 * claiming the queue item of a run that has ended, or delivering the op of an execution whose
 * run has ended and which runs no step (terminal states ignore every input). Taking it alone,
 * first, prunes interleavings that differ only in when it happens (a persistent set of one).
 */
const invisibleMove = (state: ExplorerState, internal: readonly Move[]): Move | undefined => {
  const { world } = state;
  const ended = (runId: string): boolean => {
    const run = world.runs.get(runId);
    return run !== undefined && isTerminal(run.state);
  };
  return internal.find((move) => {
    switch (move.kind) {
      case "process": {
        const event = world.pending[0];
        // An invoke whose function is missing or paused fails its parent's step: never invisible.
        if (event === undefined || event.payload.name === FUNCTION_INVOKED) return false;
        if (functionsTriggeredBy([...world.functions.values()], event.payload).length > 0)
          return false;
        for (const listener of world.listeners.values())
          if (listener.event === event.payload.name) return false;
        return true;
      }
      case "claim":
        return ended(move.runId);
      case "deliver": {
        const x = state.executions.find((e) => e.serial === move.serial);
        return x?.kind === "handler" && x.allowStep === null && ended(x.runId);
      }
      default:
        return false;
    }
  });
};

/** Everything that can happen next. Empty: a final state. */
export const enabledMoves = (ctx: ExplorationContext, state: ExplorerState): Move[] => {
  const internal = internalMoves(ctx, state);
  const invisible = ctx.reduce ? invisibleMove(state, internal) : undefined;
  if (invisible !== undefined) return [invisible];
  const external: Move[] = [];
  const members = ctx.steps[state.cursor.index] ?? [];
  members.forEach((action, member) => {
    const done = (state.cursor.done & (1 << member)) !== 0;
    if (!done && actionEnabled(state, action, internal.length === 0)) {
      external.push({ kind: "act", member, action });
    }
  });
  const moves = [...external, ...internal];
  if (moves.length === 0 && ctx.drain && scriptDone(ctx, state) && state.world.timers.size > 0) {
    moves.push({ kind: "drain" });
  }
  return moves;
};

const deliver = async (
  ctx: ExplorationContext,
  state: ExplorerState,
  serial: number,
): Promise<Successor[]> => {
  const x = state.executions.find((e) => e.serial === serial);
  if (x === undefined || x.kind === "send") return [];
  const label = labelOf(state, x.runId);
  // A worker presumed dead reports after all: its lease was taken over.
  const late = isStale(state.world, x) ? " (late: its lease was taken over)" : "";
  if (x.kind === "sent") {
    return [
      commit(ctx, state, (next) => {
        without(next, serial);
        const actions = ctx.semantics.report(next.world, x.runId, x.op, x.epoch, newIdFor(next));
        return { actions, what: `deliver ${label}: ${describeOp(x.op, ctx.start)}${late}` };
      }),
    ];
  }
  const fn = state.world.functions.get(state.world.runs.get(x.runId)?.functionId ?? "");
  if (fn === undefined) return [];
  // Code that checks its signal may or may not have seen the abort: both are possible.
  const variants = x.aborted ? [false, true] : [false];
  const ops = await Promise.all(
    variants.map((aborted) => ctx.ops.opFor(fn, x, aborted, state.labels)),
  );
  const distinct = ops.filter(
    (op, i) => ops.findIndex((o) => JSON.stringify(o) === JSON.stringify(op)) === i,
  );
  return distinct.map((op) =>
    commit(ctx, state, (next) => {
      without(next, serial);
      const actions = ctx.semantics.report(next.world, x.runId, op, x.epoch, newIdFor(next));
      const seen =
        distinct.length > 1 ? (op === ops[1] ? " (saw the abort)" : " (ignored the abort)") : "";
      const step = x.allowStep === null ? "" : " [step]";
      const what = `deliver ${label}${step}: ${describeOp(op, ctx.start)}${seen}${late}`;
      return { actions, what };
    }),
  );
};

const sendEvents = (ctx: ExplorationContext, state: ExplorerState, serial: number): Successor[] => {
  const x = state.executions.find((e) => e.serial === serial);
  if (x === undefined || x.kind !== "send") return [];
  const label = labelOf(state, x.runId);
  return [
    commit(ctx, state, (next) => {
      without(next, serial);
      const ids = ctx.semantics.ingest(next.world, x.events, newIdFor(next));
      const op = { op: "StepRun", id: x.id, hash: x.hash, output: { ids } } as const;
      next.executions = [
        ...next.executions,
        { kind: "sent", serial: next.nextSerial, epoch: x.epoch, runId: x.runId, op },
      ];
      next.nextSerial += 1;
      return { actions: [], what: `send events of ${label} "${x.id}"`, sender: label };
    }),
  ];
};

/** Every state `move` can lead to from `state` (several when a handler's op depends on timing). */
export const applyMove = async (
  ctx: ExplorationContext,
  state: ExplorerState,
  move: Move,
): Promise<Successor[]> => {
  const { semantics } = ctx;
  switch (move.kind) {
    case "act":
      return [performAction(ctx, state, move.member, move.action)];
    case "process":
      return [
        commit(ctx, state, (next) => {
          const event = next.world.pending.shift() as StoredEvent;
          const actions = semantics.processEvent(next.world, event, newIdFor(next));
          return { actions, what: `process ${labelOf(state, event.internalId)}`, processed: event };
        }),
      ];
    case "timer":
      return [
        commit(ctx, state, (next) => ({
          actions: semantics.fireTimer(next.world, move.runId, newIdFor(next)),
          what: `timer fires for ${labelOf(state, move.runId)}`,
        })),
      ];
    case "claim":
      return [
        commit(ctx, state, (next) => ({
          actions: semantics.claim(next.world, move.runId, newIdFor(next)),
          what: `claim ${labelOf(state, move.runId)}`,
        })),
      ];
    case "deliver":
      return deliver(ctx, state, move.serial);
    case "send":
      return sendEvents(ctx, state, move.serial);
    case "lease": {
      // The worker stops renewing and another one takes the run over. With late reports, the
      // execution stays: its worker, presumed dead, may still report (late, and stale).
      // Otherwise it died and never reports.
      const x = state.executions.find((e) => e.serial === move.serial);
      if (x === undefined) return [];
      const fate = ctx.lateReports ? "is presumed dead" : "died";
      return [
        commit(ctx, state, (next) => {
          if (!ctx.lateReports) without(next, move.serial);
          next.leases += 1;
          return {
            actions: semantics.expireLease(next.world, x.runId, newIdFor(next)),
            what: `lease of ${labelOf(state, x.runId)} expires and is taken over (its worker ${fate})`,
          };
        }),
      ];
    }
    case "sweep":
      return [
        commit(ctx, state, (next) => ({
          actions: semantics.sweep(next.world, move.bulkId, ctx.bulkBatchSize, newIdFor(next)),
          what: `sweep ${labelOf(state, move.bulkId)}`,
        })),
      ];
    case "drain":
      return [
        commit(ctx, state, (next) => {
          const at = Math.min(...next.world.timers.values());
          next.world.now = Math.max(next.world.now, at);
          return { actions: [], what: "clock moves to the next timer" };
        }),
      ];
  }
};
