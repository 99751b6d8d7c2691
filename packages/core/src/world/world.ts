import type { BulkCancellation } from "../codecs/bulk-cancellation";
import type { StoredEvent } from "../codecs/event";
import type { Listener } from "../codecs/listener";
import type { Run } from "../codecs/run";
import type { QuellFunction } from "../sdk/types";

/**
 * The pure reference model of everything an engine keeps: the ingestion log, runs, listeners,
 * timers and the execution queue. Functions over it are deterministic and touch nothing outside
 * it; they update it in place (clone it with `cloneWorld` to branch, as the model checker does).
 * Matching here is a plain scan, deliberately unindexed: it is the reference the indexed stores
 * are compared against.
 */
export interface World {
  readonly functions: ReadonlyMap<string, QuellFunction>;
  now: number;
  seq: number;
  /** The run creation counter: the last `createdPos` given (see `Store.lastCreatedPos`). */
  lastCreatedPos: number;
  readonly events: Map<string, StoredEvent>;
  readonly dedupe: Map<string, { readonly internalId: string; readonly at: number }>;
  readonly pending: StoredEvent[];
  readonly runs: Map<string, Run>;
  readonly runsByEvent: Map<string, string[]>;
  readonly listeners: Map<string, Listener>;
  readonly timers: Map<string, number>;
  readonly queue: Map<string, number>;
  /** Slugs of paused functions. */
  readonly paused: Set<string>;
  readonly bulk: Map<string, BulkCancellation>;
}

export const createWorld = (functions: readonly QuellFunction[], start: number): World => ({
  functions: new Map(functions.map((fn) => [fn.slug, fn])),
  now: start,
  seq: 0,
  lastCreatedPos: 0,
  events: new Map(),
  dedupe: new Map(),
  pending: [],
  runs: new Map(),
  runsByEvent: new Map(),
  listeners: new Map(),
  timers: new Map(),
  queue: new Map(),
  paused: new Set(),
  bulk: new Map(),
});

/** A deep enough copy to branch from: runs and events are immutable values, so maps are copied. */
export const cloneWorld = (world: World): World => ({
  functions: world.functions,
  now: world.now,
  seq: world.seq,
  lastCreatedPos: world.lastCreatedPos,
  events: new Map(world.events),
  dedupe: new Map(world.dedupe),
  pending: [...world.pending],
  runs: new Map(world.runs),
  runsByEvent: new Map([...world.runsByEvent].map(([k, v]) => [k, [...v]])),
  listeners: new Map(world.listeners),
  timers: new Map(world.timers),
  queue: new Map(world.queue),
  paused: new Set(world.paused),
  bulk: new Map(world.bulk),
});
