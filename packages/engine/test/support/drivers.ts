import {
  type BulkCancellationRequest,
  type BulkCancellationView,
  createSimulation,
  type EventInput,
  type Logger,
  type LogLine,
  type QuellFunction,
  type ReplayFilter,
  type ReplayResult,
  type RunView,
  type Store,
  type TimeInput,
} from "@quell/core";
import { memoryStore } from "@quell/memory";
import {
  createEngine,
  createPartitionedEngine,
  type Engine,
  type EngineOptions,
  virtualClock,
} from "../../src/index";
import { seededRandom } from "./seeded-random";

/**
 * One face over the pure simulation and the real engine (memory store, virtual clock), so each
 * rule is written once and checked on both (SPEC §7.7).
 */
export interface Driver {
  readonly name: string;
  now(): number;
  /** Ingest and process events; unless `settle: false`, also wait for every execution to report. */
  send(
    events: EventInput | readonly EventInput[],
    options?: { settle?: boolean },
  ): Promise<{ ids: string[] }>;
  /** Move virtual time forward and wait until everything due has settled. */
  advance(duration: string | number): Promise<void>;
  settle(): Promise<void>;
  getRun(id: string): Promise<RunView>;
  runs(): Promise<RunView[]>;
  runsFor(functionSlug: string): Promise<RunView[]>;
  runsForEvent(eventId: string): Promise<RunView[]>;
  cancelRun(id: string, options?: { reason?: string }): Promise<RunView>;
  readonly logs: readonly LogLine[];
  stop(): Promise<void>;
  createCancellation(request: BulkCancellationRequest): Promise<BulkCancellationView>;
  getCancellation(id: string): Promise<BulkCancellationView | null>;
  listCancellations(): Promise<BulkCancellationView[]>;
  stopCancellation(id: string): Promise<BulkCancellationView>;
  replayRun(id: string): Promise<RunView>;
  replayRuns(filter: ReplayFilter): Promise<ReplayResult>;
  pauseFunction(
    slug: string,
    options?: { cancelRunning?: boolean },
  ): Promise<{ cancelled: number }>;
  resumeFunction(slug: string): Promise<{ resumed: number }>;
  rescheduleRun(id: string, options: { until: TimeInput }): Promise<RunView>;
}

export interface DriverOptions {
  readonly start?: string;
  /** The seed of the engine's ids (`EngineOptions.random`); default 1. */
  readonly seed?: number;
  readonly bulkBatchSize?: number;
}

const START = "2024-01-01T00:00:00.000Z";

const must = (run: RunView | null, id: string): RunView => {
  if (run === null) throw new Error(`no run ${id}`);
  return run;
};

const simulationDriver = async (
  functions: readonly QuellFunction[],
  options: DriverOptions = {},
): Promise<Driver> => {
  const sim = createSimulation({
    functions,
    start: options.start ?? START,
    bulkBatchSize: options.bulkBatchSize ?? 100,
  });
  return {
    name: "simulation",
    now: () => sim.now(),
    send: async (events, opts) => {
      const sent = await sim.send(events);
      if (opts?.settle !== false) await sim.settle();
      return sent;
    },
    advance: (duration) => sim.advance(duration),
    settle: () => sim.settle(),
    getRun: async (id) => must(sim.getRun(id), id),
    runs: async () => sim.runs(),
    runsFor: async (slug) => sim.runs({ functionId: slug }),
    runsForEvent: async (id) => sim.runsForEvent(id),
    cancelRun: (id, opts) => sim.cancelRun(id, opts),
    logs: sim.logs,
    stop: async () => {},
    createCancellation: (request) => sim.createCancellation(request),
    getCancellation: async (id) => sim.getCancellation(id),
    listCancellations: async () => sim.listCancellations(),
    stopCancellation: (id) => sim.stopCancellation(id),
    replayRun: (id) => sim.replayRun(id),
    replayRuns: (filter) => sim.replayRuns(filter),
    pauseFunction: (slug, opts) => sim.pauseFunction(slug, opts),
    resumeFunction: (slug) => sim.resumeFunction(slug),
    rescheduleRun: (id, opts) => sim.rescheduleRun(id, opts),
  };
};

/** The engine on a virtual clock over `store` (a fresh namespace per driver), named `name`. */
export const engineDriverOn =
  (store: () => Store, name: string) =>
  (functions: readonly QuellFunction[], options: DriverOptions = {}): Promise<Driver> =>
    engineDriver(functions, options, store(), name);

const engineDriver = (
  functions: readonly QuellFunction[],
  options: DriverOptions = {},
  store: Store = memoryStore(),
  name = "engine+memory",
): Promise<Driver> => driveEngine(functions, options, name, (o) => createEngine({ ...o, store }));

/** The partitioned engine over three memory stores: every rule holds as on one store. */
const partitionedDriver = (
  functions: readonly QuellFunction[],
  options: DriverOptions = {},
): Promise<Driver> =>
  driveEngine(functions, options, "engine+3 partitions", (o) =>
    createPartitionedEngine({ ...o, stores: [memoryStore(), memoryStore(), memoryStore()] }),
  );

const driveEngine = async (
  functions: readonly QuellFunction[],
  options: DriverOptions,
  name: string,
  makeEngine: (options: Omit<EngineOptions, "store">) => Engine,
): Promise<Driver> => {
  const clock = virtualClock(Date.parse(options.start ?? START));
  const logs: LogLine[] = [];
  const logger: Logger = {
    info: (...args) => logs.push({ runId: "", level: "info", message: args.map(String).join(" ") }),
    warn: (...args) => logs.push({ runId: "", level: "warn", message: args.map(String).join(" ") }),
    error: (...args) =>
      logs.push({ runId: "", level: "error", message: args.map(String).join(" ") }),
    debug: (...args) =>
      logs.push({ runId: "", level: "debug", message: args.map(String).join(" ") }),
  };
  const engine = makeEngine({
    functions,
    clock,
    // Ids that replay: on partitions they decide where each run lands, so a failure replays.
    random: seededRandom(options.seed ?? 1),
    logger,
    bulkBatchSize: options.bulkBatchSize ?? 100,
    // The simulation models no retention: both sides keep every run, so they stay comparable
    // however far a test advances (retention has its own tests, test/retention.test.ts).
    retention: false,
  });
  await engine.start();
  const all = async (functionId?: string): Promise<RunView[]> => {
    const runs: RunView[] = [];
    let cursor: string | null = null;
    do {
      const page: { runs: RunView[]; cursor: string | null } = await engine.listRuns({
        ...(functionId !== undefined ? { functionId } : {}),
        ...(cursor !== null ? { cursor } : {}),
        limit: 500,
      });
      runs.push(...page.runs);
      cursor = page.cursor;
    } while (cursor !== null);
    return runs.reverse();
  };
  return {
    name,
    now: () => clock.now(),
    send: async (events, opts) => {
      const sent = await engine.send(events);
      if (opts?.settle !== false) await engine.idle();
      return sent;
    },
    advance: async (duration) => {
      await clock.advance(duration);
      await engine.idle();
    },
    settle: () => engine.idle(),
    getRun: async (id) => must(await engine.getRun(id), id),
    runs: () => all(),
    runsFor: (slug) => all(slug),
    runsForEvent: (id) => engine.runsForEvent(id),
    cancelRun: (id, opts) => engine.cancelRun(id, opts),
    logs,
    stop: () => engine.stop(),
    createCancellation: (request) => engine.createCancellation(request),
    getCancellation: (id) => engine.getCancellation(id),
    listCancellations: () => engine.listCancellations(),
    stopCancellation: (id) => engine.stopCancellation(id),
    replayRun: (id) => engine.replayRun(id),
    replayRuns: (filter) => engine.replayRuns(filter),
    pauseFunction: (slug, opts) => engine.pauseFunction(slug, opts),
    resumeFunction: (slug) => engine.resumeFunction(slug),
    rescheduleRun: (id, opts) => engine.rescheduleRun(id, opts),
  };
};

/** Both drivers, for `describe.each(drivers)`. */
export const drivers = [
  { name: "simulation", create: simulationDriver },
  { name: "engine+memory", create: engineDriver },
  { name: "engine+3 partitions", create: partitionedDriver },
] as const;

/** A promise with its resolver, to hold a step in flight while a test acts. */
export const deferred = <T = void>() => {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
};
