import type { EventInput } from "../codecs/event";
import type { Op } from "../codecs/ops";
import type { Run } from "../codecs/run";
import { parseDuration, toEpochMs } from "../config/duration";
import {
  cronFunctions,
  dueCronTicks,
  nextCronAt,
  scheduledTimerEvent,
  startCron,
} from "../cron/cron-ticks";
import { deterministicIds } from "../events/ids";
import { prepareEvents } from "../events/prepare-events";
import { apiCancellation } from "../operations/cancel-run";
import { resolveFunction } from "../operations/resolve-function";
import { RunConflictError, RunNotFoundError, serializeError } from "../sdk/errors";
import { executeHandler } from "../sdk/execute";
import { withFailureFunctions } from "../sdk/failure-function";
import type { QuellFunction } from "../sdk/types";
import { runsForEvent } from "../store/reference/runs";
import { formatTimeline, type RunView, toRunView } from "../views/run-view";
import { createWorld, type World } from "../world/world";
import { ingestInWorld } from "../world/world-ingest";
import { sweepBatch } from "../world/world-operations";
import {
  cancelInWorld,
  claimQueued,
  fireTimers,
  processPending,
  reportOp,
  type WorldAction,
} from "../world/world-step";
import { createLogCollector, type LogLine } from "./log-collector";
import { type SimulationOperations, simulationOperations } from "./simulation-operations";

/** Microtask turns a step's send waits for the other handlers running to return (see below). */
const HANDLER_TURNS = 256;

export interface SimulationOptions {
  readonly functions: readonly QuellFunction[];
  /** Virtual start time (Date, ISO string or epoch ms); default 2024-01-01T00:00:00Z. */
  readonly start?: Date | string | number;
  /** Runs a bulk cancellation sweeps per step of the simulation; default 100. */
  readonly bulkBatchSize?: number;
}

export interface Simulation extends SimulationOperations {
  /** The virtual time, epoch ms. */
  now(): number;
  /** Ingest events and drive everything they cause until it waits on time or on a blocked step. */
  send(events: EventInput | readonly EventInput[]): Promise<{ ids: string[] }>;
  /** Move the virtual clock forward, firing timers and cron ticks in order. */
  advance(duration: string | number): Promise<void>;
  getRun(id: string): RunView | null;
  /** Runs, of one function if `functionId` (its id or slug) is given. */
  runs(filter?: { readonly functionId?: string }): RunView[];
  runsForEvent(eventId: string): RunView[];
  cancelRun(id: string, options?: { readonly reason?: string }): Promise<RunView>;
  /** Drive everything due now, then wait until every execution in flight has reported. */
  settle(): Promise<void>;
  /** A run's timeline as readable lines. */
  timeline(id: string): string;
  /** Every line handlers logged, with the run that logged it. */
  readonly logs: readonly LogLine[];
  /** The reference model's state, for inspection. */
  readonly world: World;
}

/**
 * Run functions on a virtual clock against the pure reference model: deterministic ids and
 * time, real handler code. `send` and `advance` resolve once everything they started has
 * settled; a step blocked on something outside keeps its run in flight meanwhile.
 *
 * @example
 * const sim = createSimulation({ functions: [scheduleReminder] });
 * await sim.send({ name: "tasks/reminder.created", data: { reminderId: "r1", remindAt } });
 * await sim.advance("3d");
 */
export const createSimulation = (options: SimulationOptions): Simulation => {
  const start = toEpochMs(options.start ?? "2024-01-01T00:00:00.000Z");
  if (start._tag === "Left") throw new Error(`createSimulation: start: ${start.left}`);
  const functions = withFailureFunctions(options.functions);
  const world = createWorld(functions, start.right);
  const ids = deterministicIds();
  const newId = (): string => ids(world.now);
  const log = createLogCollector();
  // The simulation is one process that never stops: no tick was missed before its start.
  let cron = startCron(cronFunctions(functions), world.now, () => null).plan;
  // Registration warnings (SPEC R5), as the engine logs them at start.
  for (const fn of functions)
    for (const warning of fn.warnings) log.loggerFor("").warn(`${fn.slug}: ${warning}`);
  const controllers = new Map<string, AbortController>();
  const executions = new Set<Promise<void>>();
  const handlers = new Set<Promise<Op>>();

  /**
   * Let the handlers running now report first, and the executions their reports start, until
   * none runs: the engine's send takes store round trips, while the steps of the runs woken
   * with the sender run in-process and commit a step's result together with the execution that
   * follows it (`foldableExecution`), so they reach their next durable point first. Stop
   * waiting when a few hundred microtask turns passed without that (a handler that waits on
   * something outside the simulation, a test's gate say, would never return by itself).
   */
  const reportsOnTheirWay = async (): Promise<void> => {
    const waited = new Set<Promise<Op>>();
    let turn = 0;
    for (
      let batch = [...handlers];
      batch.length > 0;
      batch = [...handlers].filter((handler) => !waited.has(handler))
    ) {
      let returned = false;
      for (const handler of batch) waited.add(handler);
      void Promise.allSettled(batch).then(() => {
        returned = true;
      });
      for (; turn < HANDLER_TURNS && !returned; turn++) await null;
      if (!returned) return;
    }
  };

  const bulkBatchSize = options.bulkBatchSize ?? 100;
  // One sweep batch per running bulk cancellation each step: runs it has not reached yet are
  // still held at their step boundaries (SPEC §4.5). Returns null when nothing was due.
  const systemStep = (): WorldAction[] | null => {
    const before = `${world.seq}:${world.pending.length}:${world.timers.size}:${world.queue.size}`;
    const sweeping = [...world.bulk.values()].filter((record) => record.status === "running");
    const actions = [
      ...processPending(world, newId),
      ...fireTimers(world, newId),
      ...sweeping.flatMap((record) => sweepBatch(world, record.id, bulkBatchSize, newId)),
      ...claimQueued(world, newId),
    ];
    const after = `${world.seq}:${world.pending.length}:${world.timers.size}:${world.queue.size}`;
    return actions.length === 0 && sweeping.length === 0 && before === after ? null : actions;
  };

  /** Perform a committed `step.sendEvent`; an invalid event fails the step for good. */
  const sendStepEvents = (action: Extract<WorldAction["action"], { _tag: "SendEvents" }>): Op => {
    try {
      const sent = ingestInWorld(world, prepareEvents(action.events), newId);
      return { op: "StepRun", id: action.id, hash: action.hash, output: { ids: sent } };
    } catch (error) {
      return {
        op: "StepError",
        id: action.id,
        hash: action.hash,
        error: serializeError(error),
        retriable: false,
      };
    }
  };

  const perform = ({ runId, action }: WorldAction): Promise<void> | undefined => {
    switch (action._tag) {
      case "AbortStep":
        controllers.get(runId)?.abort(new Error("run cancelled"));
        return undefined;
      case "ReleaseLease":
        return undefined; // the world keeps no leases: one process, that never dies
      case "SendEvents":
        // As the engine, the send is performed after the commit that asked for it: the reports
        // other executions have on their way commit first (the engine's send takes store round
        // trips). Then, as the engine's `applyThenProcess`, the events the step sent are
        // processed, and the runs they queue claimed, before the sender goes on.
        return reportsOnTheirWay().then(() =>
          drive([], reportOp(world, runId, sendStepEvents(action), action.epoch, newId)),
        );
      case "Execute": {
        const run = world.runs.get(runId) as Run;
        const fn = world.functions.get(run.functionId) as QuellFunction;
        const controller = new AbortController();
        controllers.set(runId, controller);
        const handler = executeHandler({
          fn,
          run,
          allowStep: action.allowStep,
          now: world.now,
          signal: controller.signal,
          logger: log.loggerFor(runId),
        });
        handlers.add(handler);
        void handler.finally(() => handlers.delete(handler)).catch(() => undefined);
        const execution = handler.then((op) =>
          drive(reportOp(world, runId, op, action.epoch, newId)),
        );
        executions.add(execution);
        return execution.finally(() => executions.delete(execution));
      }
    }
  };

  /** Perform `initial`, then every system step until none is due, then `after`. */
  const drive = async (
    initial: readonly WorldAction[],
    after: readonly WorldAction[] = [],
  ): Promise<void> => {
    const started: Promise<void>[] = [];
    const start = (action: WorldAction): void => {
      const promise = perform(action);
      if (promise !== undefined) started.push(promise);
    };
    for (let batch: WorldAction[] | null = [...initial]; batch !== null; batch = systemStep()) {
      for (const action of batch) start(action);
    }
    for (const action of after) start(action);
    await Promise.all(started);
  };

  /** Ingest the cron ticks due now, as the engine does at the start of a tick. */
  const fireCron = (): void => {
    const step = dueCronTicks(cron, world.now);
    cron = step.plan;
    if (step.due.length > 0) ingestInWorld(world, step.due.map(scheduledTimerEvent), newId);
  };

  const nextDue = (limit: number): number | null => {
    let next: number | null = null;
    const cronAt = nextCronAt(cron);
    const candidates = [...world.timers.values(), ...world.queue.values()];
    if (cronAt !== null) candidates.push(cronAt);
    for (const at of candidates) {
      if (at <= limit && (next === null || at < next)) next = at;
    }
    return next;
  };

  const view = (id: string): RunView => {
    const run = world.runs.get(id);
    if (run === undefined) throw new RunNotFoundError(id);
    return toRunView(run);
  };

  return {
    ...simulationOperations(world, newId, drive),
    now: () => world.now,
    logs: log.lines,
    world,
    send: async (events) => {
      const sent = ingestInWorld(world, prepareEvents(events), newId);
      await drive([]);
      return { ids: sent };
    },
    advance: async (duration) => {
      const ms = parseDuration(duration);
      if (ms._tag === "Left") throw new Error(`advance: ${ms.left}`);
      const target = world.now + ms.right;
      for (let at = nextDue(target); at !== null; at = nextDue(target)) {
        world.now = Math.max(world.now, at);
        fireCron();
        await drive([]);
      }
      world.now = target;
      fireCron();
      await drive([]);
    },
    getRun: (id) => {
      const run = world.runs.get(id);
      return run === undefined ? null : toRunView(run);
    },
    runs: (filter) => {
      const wanted = filter?.functionId;
      const slug =
        wanted === undefined ? undefined : (resolveFunction(functions, wanted)?.slug ?? wanted);
      return [...world.runs.values()]
        .filter((run) => slug === undefined || run.functionId === slug)
        .map(toRunView);
    },
    runsForEvent: (eventId) => runsForEvent(world, eventId).map(toRunView),
    cancelRun: async (id, cancelOptions) => {
      const cancellation = apiCancellation(world.now, cancelOptions?.reason);
      const result = cancelInWorld(world, id, cancellation, newId);
      if (result === null) throw new RunNotFoundError(id);
      if (result.outcome._tag === "Rejected") throw new RunConflictError(id, result.outcome.reason);
      await drive(result.actions);
      return view(id);
    },
    settle: async () => {
      await drive([]);
      while (executions.size > 0) await Promise.all([...executions]);
    },
    timeline: (id) => {
      const run = world.runs.get(id);
      if (run === undefined) throw new RunNotFoundError(id);
      return formatTimeline(run);
    },
  };
};
