import { withFailureFunctions } from "../sdk/failure-function";
import type { QuellFunction } from "../sdk/types";
import { createStoreModel, type StoreModel } from "../store/reference/model";

/**
 * The pure reference model of everything an engine keeps: what a store holds (`StoreModel`:
 * the ingestion log, runs, listeners, timers, the execution queue, bulk records, paused
 * functions), written only through the reference store's functions (`store/reference/`), plus
 * the functions and a clock. Functions over it are deterministic and touch nothing outside it;
 * they update it in place (clone it with `cloneWorld` to branch, as the model checker does).
 * Matching here is a plain scan, deliberately unindexed: it is the reference the indexed stores
 * are compared against.
 */
export interface World extends StoreModel {
  readonly functions: ReadonlyMap<string, QuellFunction>;
  now: number;
}

export const createWorld = (functions: readonly QuellFunction[], start: number): World =>
  cloneWorld({
    ...createStoreModel(),
    functions: new Map(withFailureFunctions(functions).map((fn) => [fn.slug, fn])),
    now: start,
  });

/**
 * A deep enough copy to branch from: runs and events are immutable values, so maps are copied.
 * One object literal, so every world has the same shape (a spread copy made the model checker
 * about 25 % slower); the compiler names any field of `StoreModel` missing here.
 */
export const cloneWorld = (world: World): World => ({
  functions: world.functions,
  now: world.now,
  dedupeWindowMs: world.dedupeWindowMs,
  seq: world.seq,
  lastCreatedPos: world.lastCreatedPos,
  events: new Map(world.events),
  pending: [...world.pending],
  dedupe: new Map(world.dedupe),
  runs: new Map(world.runs),
  listeners: new Map(world.listeners),
  timers: new Map(world.timers),
  queue: new Map(world.queue),
  leases: new Map(world.leases),
  locks: new Map(world.locks),
  paused: new Set(world.paused),
  bulk: new Map(world.bulk),
  singletons: new Map(world.singletons),
  apps: new Map(world.apps),
});
