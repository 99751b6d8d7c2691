import {
  CancellationNotFoundError,
  DEFAULT_MAX_EVENT_BYTES,
  QuellValidationError,
  type Run,
  RunNotFoundError,
  type Store,
  type StoredEvent,
  toRunView,
} from "@quell/core";
import { monotonicFactory } from "ulid";
import { realClock } from "../clock";
import { buildEngine, createEngine, type EngineInternals } from "../engine";
import type { Engine, EngineOptions } from "../engine-api";
import { sendRequests, sentIds } from "../send-requests";
import { instantClock } from "./instant-clock";
import { listRunsMerged } from "./merged-runs";
import {
  inCreationOrder,
  mergeBulkLists,
  mergeBulkViews,
  mergePauses,
  mergeReplays,
  mergeResumes,
} from "./merged-views";
import { idsInPartition, partitionOfId } from "./partition-of";
import { copyOf, relayStore } from "./relay-store";

export interface PartitionedEngineOptions extends Omit<EngineOptions, "store" | "partition"> {
  /**
   * One store per partition (on a Redis Cluster, one namespace each: each its own hash slot),
   * in an order every process of the deployment shares. Changing the number of partitions of a
   * deployment that has runs is not supported: a run is looked for where its id says.
   */
  readonly stores: readonly Store[];
}

const isPresent = <A>(value: A | null): value is A => value !== null;

/**
 * An engine over several stores, the partitions of one deployment (docs/redis.md, "Partitions:
 * one deployment over several shards"), answering as one engine does. Each partition is a
 * whole engine on its own store: its runs with their timers, queue, leases, listeners and
 * singleton slots, its own copy of
 * the event log and its own events lock, so the work of different runs goes to different
 * stores (masters). Every event reaches every partition (a `send` writes it to partition 0,
 * which deduplicates it, then to the others before it answers; an event a run emits is copied
 * to the others when its partition has processed it: `relay-store.ts`), so each partition
 * matches its own listeners, and a cancel event finds its runs everywhere through the same
 * index lookups as on one store. Exactly one partition creates each run an event triggers
 * (`ownership.ts`). API calls on one run go to the partition that holds it; listings merge.
 *
 * With one store it is `createEngine` on that store.
 */
export const createPartitionedEngine = (options: PartitionedEngineOptions): Engine => {
  const { stores } = options;
  const [home] = stores;
  if (home === undefined) throw new QuellValidationError("stores", "needs at least one store");
  if (stores.length === 1) return createEngine({ ...options, store: home });
  const count = stores.length;
  /** How many times a relay woke a partition: `idle` waits until a round saw none. */
  let wakes = 0;
  const wake = (k: number): void => {
    wakes += 1;
    // A tick reports its own failures (the scheduler logs them and tries again).
    parts[k]?.tick().catch(() => {});
  };
  // Asked only once the engines exist (when a partition relays an event).
  const forListenersOnly = (index: number, name: string): boolean =>
    parts[index]?.copiedForListenersOnly(name) ?? false;
  const clock = instantClock(options.clock ?? realClock());
  const parts: EngineInternals[] = stores.map((_, index) =>
    buildEngine(
      {
        ...options,
        clock,
        store: relayStore(stores, index, wake, (name) => forListenersOnly(index, name)),
        partition: { index, count },
      },
      { warnAtStart: index === 0 },
    ),
  );
  const engines = parts.map((part) => part.engine);
  const homeEngine = engines[0] as Engine;
  const ulid = monotonicFactory(options.random ?? (() => Math.random()));
  // User events start in partition 0, which relays them if a send stops half way.
  const newEventId = idsInPartition(() => ulid(clock.now()), 0, count);
  const maxEventBytes = options.maxEventBytes ?? DEFAULT_MAX_EVENT_BYTES;
  const tickAll = async (): Promise<void> => {
    await Promise.all(parts.map((part) => part.tick()));
  };
  const all = <A>(call: (engine: Engine) => Promise<A>): Promise<A[]> =>
    Promise.all(engines.map(call));

  /** The run and the engine of the partition holding it: its id's first, then the others. */
  const find = async (runId: string): Promise<{ run: Run; engine: Engine } | null> => {
    const first = partitionOfId(runId, count);
    const order = [first, ...stores.keys()].filter((k, i, list) => list.indexOf(k) === i);
    for (const k of order) {
      const run = (await stores[k]?.getRun(runId)) ?? null;
      if (run !== null) return { run, engine: engines[k] as Engine };
    }
    return null;
  };
  const holding = async (runId: string): Promise<Engine> => {
    const found = await find(runId);
    if (found === null) throw new RunNotFoundError(runId);
    return found.engine;
  };

  return {
    start: async () => {
      await all((engine) => engine.start());
    },
    stop: async () => {
      await all((engine) => engine.stop());
    },
    send: async (events, sendOptions = {}) => {
      const at = clock.now();
      const requests = sendRequests(events, { ...sendOptions, maxEventBytes, at }, newEventId);
      const results = await home.ingest(requests);
      // A duplicate's first event too: a send that stopped half way is completed by its retry.
      const held = await Promise.all(
        results.map((r): Promise<StoredEvent | null> | StoredEvent =>
          r._tag === "Ingested" ? r.event : home.getEvent(r.internalId),
        ),
      );
      // Pending everywhere: a run an earlier event of the send creates may listen to it.
      const copies = held.filter(isPresent).map(copyOf);
      await Promise.all(stores.slice(1).map((store) => store.ingest(copies)));
      await tickAll();
      return { ids: sentIds(results) };
    },
    getRun: async (id) => {
      const found = await find(id);
      return found === null ? null : toRunView(found.run);
    },
    listRuns: (query = {}) =>
      listRunsMerged(
        engines.map((engine) => (q) => engine.listRuns(q)),
        query,
      ),
    runsForEvent: async (eventId) =>
      inCreationOrder((await all((engine) => engine.runsForEvent(eventId))).flat()),
    runsCancelledBy: async (eventId) =>
      inCreationOrder((await all((engine) => engine.runsCancelledBy(eventId))).flat()),
    // Partition 0 holds every user event first and every emitted one once relayed; an emitted
    // event is in the partition of its id from the start.
    listEvents: (query) => homeEngine.listEvents(query),
    getEvent: async (eventId) =>
      (await engines[partitionOfId(eventId, count)]?.getEvent(eventId)) ??
      homeEngine.getEvent(eventId),
    cancelRun: async (id, cancelOptions) => (await holding(id)).cancelRun(id, cancelOptions),
    rescheduleRun: async (id, rescheduleOptions) =>
      (await holding(id)).rescheduleRun(id, rescheduleOptions),
    replayRun: async (id) => (await holding(id)).replayRun(id),
    replayRuns: async (filter) => mergeReplays(await all((engine) => engine.replayRuns(filter))),
    createCancellation: async (request) => {
      const id = ulid(clock.now());
      const views = await Promise.all(parts.map((part) => part.createCancellation(request, id)));
      return mergeBulkViews(views) as NonNullable<ReturnType<typeof mergeBulkViews>>;
    },
    getCancellation: async (id) =>
      mergeBulkViews((await all((engine) => engine.getCancellation(id))).filter(isPresent)),
    listCancellations: async () =>
      mergeBulkLists(await all((engine) => engine.listCancellations())),
    stopCancellation: async (id) => {
      const stopped = await all((engine) =>
        engine.stopCancellation(id).catch((error: unknown) => {
          if (error instanceof CancellationNotFoundError) return null;
          throw error;
        }),
      );
      const merged = mergeBulkViews(stopped.filter(isPresent));
      if (merged === null) throw new CancellationNotFoundError(id);
      return merged;
    },
    pauseFunction: async (slug, pauseOptions) =>
      mergePauses(await all((engine) => engine.pauseFunction(slug, pauseOptions)), slug),
    resumeFunction: async (slug) =>
      mergeResumes(await all((engine) => engine.resumeFunction(slug)), slug),
    functions: () => homeEngine.functions(),
    syncApp: async (app, problem) => {
      const [result] = await all((engine) => engine.syncApp(app, problem));
      return result as NonNullable<typeof result>;
    },
    apps: () => homeEngine.apps(),
    idle: async () => {
      // A partition's relay gives another work after it may have reported idle: wait again
      // until no relay happened while every partition became idle.
      for (;;) {
        const seen = wakes;
        await all((engine) => engine.idle());
        if (wakes === seen) return;
      }
    },
    health: async () => {
      const checks = await all((engine) => engine.health());
      return checks.find((check) => check.store._tag === "Down") ?? { store: { _tag: "Ok" } };
    },
  };
};
