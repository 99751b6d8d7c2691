import { toEpochMs } from "../config/duration";
import { prepareEvents } from "../events/prepare-events";
import { createWorld } from "../world/world";
import { createOpCache, type OpCache } from "./handler-ops";
import { type WorldSemantics, worldSemantics } from "./semantics";
import type { ExplorerState } from "./state";
import type { ExploreOptions, Scenario, ScenarioAction } from "./types";

/** A scenario ready to explore: sends labelled uniquely, options resolved. */
export interface ExplorationContext {
  readonly scenario: Scenario;
  /** The script: each step's members (one, unless the step is `anyOrder`). */
  readonly steps: readonly (readonly ScenarioAction[])[];
  /** The label of each `send`, by step and member. */
  readonly sendLabels: ReadonlyMap<ScenarioAction, string>;
  readonly start: number;
  readonly drain: boolean;
  readonly leaseExpiries: number;
  /** A worker whose lease expired may still report (see `Scenario.lateReports`). */
  readonly lateReports: boolean;
  readonly bulkBatchSize: number;
  /** Take invisible moves alone (see `enabledMoves`). */
  readonly reduce: boolean;
  readonly semantics: WorldSemantics;
  readonly ops: OpCache;
}

const DEFAULT_START = "2024-01-01T00:00:00.000Z";

export const createContext = (scenario: Scenario, options: ExploreOptions): ExplorationContext => {
  const start = toEpochMs(scenario.start ?? DEFAULT_START);
  if (start._tag === "Left") throw new Error(`scenario "${scenario.name}": start: ${start.left}`);
  const steps = scenario.steps.map((step) => ("anyOrder" in step ? step.anyOrder : [step]));
  const sendLabels = new Map<ScenarioAction, string>();
  const used = new Set<string>();
  for (const action of steps.flat()) {
    if (!("send" in action)) continue;
    prepareEvents(action.send); // a malformed event is the scenario's mistake: throw now
    const base = action.label ?? action.send.name;
    let label = base;
    for (let n = 2; used.has(label); n += 1) label = `${base}#${n}`;
    used.add(label);
    sendLabels.set(action, label);
  }
  return {
    scenario,
    steps,
    sendLabels,
    start: start.right,
    drain: scenario.drain ?? true,
    leaseExpiries: scenario.leaseExpiries ?? 0,
    lateReports: scenario.lateReports ?? false,
    bulkBatchSize: scenario.bulkBatchSize ?? 100,
    reduce: options.reduce ?? true,
    semantics: (options.inject ?? []).reduce((s, fault) => fault.apply(s), worldSemantics),
    ops: createOpCache(),
  };
};

export const initialState = (ctx: ExplorationContext): ExplorerState => ({
  world: createWorld(ctx.scenario.functions, ctx.start),
  nextId: 0,
  nextSerial: 0,
  labels: new Map(),
  executions: [],
  cursor: { index: 0, done: 0 },
  leases: 0,
  bulkEligible: new Map(),
});

/** Whether the script has been played to its end. */
export const scriptDone = (ctx: ExplorationContext, state: ExplorerState): boolean =>
  state.cursor.index >= ctx.steps.length;
