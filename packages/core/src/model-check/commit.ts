import type { StoredEvent } from "../codecs/event";
import type { RunOutcome } from "../reducer/effects";
import type { WorldAction } from "../world/world-step";
import type { ExplorationContext } from "./context";
import { describeMove } from "./describe";
import { labelNew } from "./labels";
import { cloneState, type Execution, type ExplorerState } from "./state";

/** A state a move leads to, with what the invariants need to know about the move. */
export interface Successor {
  readonly state: ExplorerState;
  readonly line: string;
  /** The event a `process` move handled. */
  readonly processed?: StoredEvent;
  /** The API's answer to a `cancel` action. */
  readonly api?: { readonly runId: string; readonly outcome: RunOutcome };
  /** The API's answer to a `reschedule` action. */
  readonly rescheduled?: Rescheduled;
}

export interface Rescheduled {
  readonly runId: string;
  readonly until: number;
  readonly outcome: RunOutcome;
}

/** Turn the actions a commit asks for into executions (or abort the run's executions). */
const register = (state: ExplorerState, actions: readonly WorldAction[]): void => {
  for (const { runId, action } of actions) {
    const serial = state.nextSerial;
    if (action._tag === "ReleaseLease") continue; // the world keeps no leases
    if (action._tag === "AbortStep") {
      state.executions = state.executions.map((x) =>
        x.runId === runId && x.kind === "handler" ? { ...x, aborted: true } : x,
      );
      continue;
    }
    state.nextSerial += 1;
    const { epoch } = action;
    if (action._tag === "SendEvents") {
      const { id, hash, events } = action;
      state.executions = [
        ...state.executions,
        { kind: "send", serial, epoch, runId, id, hash, events },
      ];
      continue;
    }
    const run = state.world.runs.get(runId);
    if (run === undefined) continue;
    const snapshot = {
      id: run.id,
      event: run.event,
      events: run.events,
      steps: run.steps,
      attempt: run.attempt,
    };
    const execution: Execution = {
      kind: "handler",
      serial,
      epoch,
      runId,
      allowStep: action.allowStep,
      startedAt: state.world.now,
      snapshot,
      aborted: false,
    };
    state.executions = [...state.executions, execution];
  }
};

type Change = (next: ExplorerState) => {
  readonly actions: readonly WorldAction[];
  readonly what: string;
  readonly sender?: string;
  readonly api?: Successor["api"];
  readonly processed?: StoredEvent;
  readonly rescheduled?: Rescheduled;
};

/** Apply one change to a copy of `state`: commit, register executions, name what is new, describe. */
export const commit = (
  ctx: ExplorationContext,
  state: ExplorerState,
  change: Change,
): Successor => {
  const next = cloneState(state);
  const result = change(next);
  register(next, result.actions);
  labelNew(next, result.sender ?? null);
  const line = describeMove(state, next, ctx.start, result.what);
  return {
    state: next,
    line,
    ...(result.api !== undefined ? { api: result.api } : {}),
    ...(result.processed !== undefined ? { processed: result.processed } : {}),
    ...(result.rescheduled !== undefined ? { rescheduled: result.rescheduled } : {}),
  };
};

export const without = (state: ExplorerState, serial: number): void => {
  state.executions = state.executions.filter((x) => x.serial !== serial);
};
