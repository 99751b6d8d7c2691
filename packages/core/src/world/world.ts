import type { QuellFunction } from "../sdk/types";
import { cloneStoreModel, createStoreModel, type StoreModel } from "../store/reference/model";

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

export const createWorld = (functions: readonly QuellFunction[], start: number): World => ({
  ...createStoreModel(),
  functions: new Map(functions.map((fn) => [fn.slug, fn])),
  now: start,
});

/** A deep enough copy to branch from: runs and events are immutable values, so maps are copied. */
export const cloneWorld = (world: World): World => ({
  ...cloneStoreModel(world),
  functions: world.functions,
  now: world.now,
});
