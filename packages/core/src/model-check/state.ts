import type { EventInput } from "../codecs/event";
import type { Op } from "../codecs/ops";
import type { Run } from "../codecs/run";
import { cloneWorld, type World } from "../world/world";

/** What an execution needs of its run: the run as it was when the execution started. */
export type RunSnapshot = Pick<Run, "id" | "event" | "events" | "steps" | "attempt">;

/**
 * Work the engine started and has not committed yet. `serial` tells executions apart within one
 * transition (it is not part of the state's identity). `epoch` is the run's lease epoch the work
 * began under (its `Execute` or `SendEvents` carried it); it reports with it.
 */
export type Execution =
  /** A handler execution: it will report one op, computed by running the handler. */
  | {
      readonly kind: "handler";
      readonly serial: number;
      readonly epoch: number;
      readonly runId: string;
      readonly allowStep: string | null;
      readonly startedAt: number;
      readonly snapshot: RunSnapshot;
      /** The run's cancellation committed meanwhile and aborted the execution's signal. */
      readonly aborted: boolean;
    }
  /** A committed `step.sendEvent` whose events the engine has not ingested yet. */
  | {
      readonly kind: "send";
      readonly serial: number;
      readonly epoch: number;
      readonly runId: string;
      readonly id: string;
      readonly hash: string;
      readonly events: readonly EventInput[];
    }
  /** A `step.sendEvent` whose events were ingested; its `StepRun` is not committed yet. */
  | {
      readonly kind: "sent";
      readonly serial: number;
      readonly epoch: number;
      readonly runId: string;
      readonly op: Op;
    };

/** Whether an execution is a step in flight (its run has not settled while it lives). */
export const runsStep = (execution: Execution): boolean =>
  execution.kind !== "handler" || execution.allowStep !== null;

/**
 * Whether an execution's lease was taken over (its worker is presumed dead): the run's lease
 * epoch moved past the one it began under. Its report is stale, and nothing waits for it.
 */
export const isStale = (world: World, execution: Execution): boolean =>
  world.runs.get(execution.runId)?.leaseEpoch !== execution.epoch;

/** A step in flight under the run's current lease: what the run waits for before it settles. */
export const runsCurrentStep = (world: World, execution: Execution): boolean =>
  runsStep(execution) && !isStale(world, execution);

/** One node of the explored graph: the reference model plus what the explorer tracks. */
export interface ExplorerState {
  readonly world: World;
  /** Counter behind the model's ids; ids are renamed to labels before states are compared. */
  nextId: number;
  nextSerial: number;
  /** Internal id (event, run, bulk cancellation) → the stable name reports use. */
  readonly labels: Map<string, string>;
  executions: readonly Execution[];
  /** Position in the scenario's script: the step, and which members of an `anyOrder` are done. */
  cursor: { readonly index: number; readonly done: number };
  /** Lease expiries (takeovers of a presumed dead worker's run) used on this path. */
  leases: number;
  /** Bulk cancellation id → ids of the runs that existed when it was requested. */
  readonly bulkEligible: Map<string, readonly string[]>;
}

export const cloneState = (state: ExplorerState): ExplorerState => ({
  world: cloneWorld(state.world),
  nextId: state.nextId,
  nextSerial: state.nextSerial,
  labels: new Map(state.labels),
  executions: state.executions,
  cursor: state.cursor,
  leases: state.leases,
  bulkEligible: new Map(state.bulkEligible),
});

/** Ids the explorer hands the model: distinctive, so a regex can rename them to labels. */
export const formatId = (n: number): string => `#id${String(n).padStart(6, "0")}#`;
const ID_PATTERN = /#id\d{6}#/g;

/** Whether `text` mentions a model id. */
export const mentionsId = (text: string): boolean => text.search(ID_PATTERN) >= 0;

export const newIdFor = (state: ExplorerState) => (): string => {
  state.nextId += 1;
  return formatId(state.nextId);
};

/** Replace every model id in `text` by its label (escaped for use inside a JSON string). */
export const renameIds = (text: string, labels: ReadonlyMap<string, string>): string =>
  text.replace(ID_PATTERN, (id) => {
    const label = labels.get(id);
    return label === undefined ? id : JSON.stringify(label).slice(1, -1);
  });

/** The label of a model id, or the id itself when it has none yet. */
export const labelOf = (state: ExplorerState, id: string): string => state.labels.get(id) ?? id;

/** A label not used yet: `base`, else `base#2`, `base#3`, … */
export const freshLabel = (labels: ReadonlyMap<string, string>, base: string): string => {
  const used = new Set(labels.values());
  if (!used.has(base)) return base;
  for (let n = 2; ; n += 1) if (!used.has(`${base}#${n}`)) return `${base}#${n}`;
};
