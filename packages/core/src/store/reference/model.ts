import type { App } from "../../codecs/app";
import type { BulkCancellation } from "../../codecs/bulk-cancellation";
import type { StoredEvent } from "../../codecs/event";
import type { Listener } from "../../codecs/listener";
import type { Run } from "../../codecs/run";

/** The dedupe window of SPEC §5: a user event id seen in the last 24 h is not ingested again. */
export const DEDUPE_WINDOW_MS = 24 * 60 * 60 * 1000;

/**
 * What a store holds, as plain maps: the state of the reference store model. The functions of
 * this folder give the `Store` port its meaning over it, synchronously and with no index (every
 * query scans). The conformance suite compares each real store with them, and the world of the
 * simulation and the model checker is this state plus functions and a clock, so both rest on
 * one definition of what a store does.
 */
export interface StoreModel {
  readonly dedupeWindowMs: number;
  /** The ingestion counter: the last position given (retention deletes events, not positions). */
  seq: number;
  /** The run creation counter: the last `createdPos` given (see `Store.lastCreatedPos`). */
  lastCreatedPos: number;
  /** Every stored event by internal id, in ingestion order. */
  readonly events: Map<string, StoredEvent>;
  /** Events ingested and not yet processed, in ingestion order. */
  readonly pending: StoredEvent[];
  /** User event id → its first ingestion, while its dedupe window may still be open. */
  readonly dedupe: Map<string, { readonly internalId: string; readonly receivedAt: number }>;
  /** Runs by id, in creation order. */
  readonly runs: Map<string, Run>;
  readonly listeners: Map<string, Listener>;
  /** Run id → due time of its single timer. */
  readonly timers: Map<string, number>;
  /** Run id → due time of its execution queue item. */
  readonly queue: Map<string, number>;
  /** Run id → expiry of its execution lease. */
  readonly leases: Map<string, number>;
  readonly locks: Map<string, { readonly owner: string; readonly until: number }>;
  /** Slugs of paused functions. */
  readonly paused: Set<string>;
  readonly bulk: Map<string, BulkCancellation>;
  /** Singleton slot → the run holding it (SPEC §7.8; `RunWrite.claimSingleton`). */
  readonly singletons: Map<string, string>;
  /** Synced SDK apps by id. */
  readonly apps: Map<string, App>;
}

export const createStoreModel = (dedupeWindowMs: number = DEDUPE_WINDOW_MS): StoreModel => ({
  dedupeWindowMs,
  seq: 0,
  lastCreatedPos: 0,
  events: new Map(),
  pending: [],
  dedupe: new Map(),
  runs: new Map(),
  listeners: new Map(),
  timers: new Map(),
  queue: new Map(),
  leases: new Map(),
  locks: new Map(),
  paused: new Set(),
  bulk: new Map(),
  singletons: new Map(),
  apps: new Map(),
});

/** Earliest first: time, then id (a sorted set's order: score, then member). */
export const byTimeThenId = (a: [string, number], b: [string, number]): number =>
  a[1] - b[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);

/** The ids of up to `limit` entries whose time is before `bound`, earliest first. */
export const earliest = (
  entries: Iterable<[string, number]>,
  bound: number,
  limit: number,
): string[] =>
  [...entries]
    .filter(([, at]) => at < bound)
    .sort(byTimeThenId)
    .slice(0, Math.max(0, limit))
    .map(([id]) => id);
