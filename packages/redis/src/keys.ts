/**
 * Names of the fixed keys of one namespace. Keys derived from names (run hashes, index sets) are
 * built by the Lua includes (`src/lua/includes/*Key.lua`); `runKey` mirrors `runKey.lua` because
 * reads and the write scripts' KEYS need it too. docs/redis.md lists every key.
 */
export interface Keys {
  readonly prefix: string;
  /** Counter: the ingestion order (INCR). */
  readonly seq: string;
  /** Counter: run creation positions (INCR), `Store.lastCreatedPos`. */
  readonly created: string;
  /** Hash internalId → stored event JSON. */
  readonly events: string;
  /** Sorted set internalId by seq: ingested, not yet processed. */
  readonly pending: string;
  /** Hash user event id → internalId of the first event with it. */
  readonly dedupeIds: string;
  /** Sorted set user event id by the receivedAt of its first event. */
  readonly dedupeAt: string;
  /** Sorted set internalId by receivedAt: processed events no stored run was triggered by. */
  readonly eventsIdle: string;
  /** Sorted set runId by its end (core's `runEndedAt`): what retention may delete. */
  readonly ended: string;
  /** Hash listenerId → listener JSON. */
  readonly listeners: string;
  /** Sorted set runId by timer due time. */
  readonly timers: string;
  /** Sorted set runId by queue due time. */
  readonly queue: string;
  /** Sorted set runId by execution lease expiry. */
  readonly leases: string;
  /** Hash lock name → "<until> <owner>". */
  readonly locks: string;
  /** Hash id → bulk cancellation JSON. */
  readonly bulk: string;
  /** Hash id → bulk cancellation version. */
  readonly bulkVersion: string;
  /** Sorted set id by created_at. */
  readonly bulkOrder: string;
  /** Sorted set id by its end (core's `bulkCancellationEndedAt`). */
  readonly bulkEnded: string;
  /** Set of paused function slugs. */
  readonly paused: string;
  /** Hash app id → synced app JSON. */
  readonly apps: string;
  /** String with a short expiry: the write `ping` tries while the store is full. */
  readonly health: string;
  /** Pub/sub channel (not a key): "work was added", see work-signal.ts. */
  readonly work: string;
  /** Hash singleton slot → the id of the run holding it (SPEC §7.8). */
  readonly singletons: string;
}

export const keysFor = (prefix: string): Keys => ({
  prefix,
  seq: `${prefix}seq`,
  created: `${prefix}created`,
  events: `${prefix}ev`,
  pending: `${prefix}pending`,
  dedupeIds: `${prefix}dd`,
  dedupeAt: `${prefix}dd:at`,
  eventsIdle: `${prefix}ev:idle`,
  ended: `${prefix}ended`,
  listeners: `${prefix}l`,
  timers: `${prefix}timers`,
  queue: `${prefix}queue`,
  leases: `${prefix}leases`,
  locks: `${prefix}locks`,
  bulk: `${prefix}bc`,
  bulkVersion: `${prefix}bc:v`,
  bulkOrder: `${prefix}bc:order`,
  bulkEnded: `${prefix}bc:ended`,
  paused: `${prefix}paused`,
  apps: `${prefix}apps`,
  health: `${prefix}health`,
  work: `${prefix}work`,
  singletons: `${prefix}singletons`,
});

/** The hash of one run (fields v, s, f, o, t, p, j, e). */
export const runKey = (keys: Keys, runId: string): string => `${keys.prefix}r:${runId}`;

/** The listEvents set of every event, or of one name's (mirrors `includes/eventOrderKey.lua`). */
export const eventOrderKey = (keys: Keys, name: string | null): string =>
  name === null ? `${keys.prefix}ev:o` : `${keys.prefix}ev:o:${name}`;

/** The keys commitRun takes, in its script's order; createRun takes `created` too, last. */
export const writeKeys = (keys: Keys, runId: string): string[] => [
  runKey(keys, runId),
  keys.seq,
  keys.events,
  keys.pending,
  keys.dedupeIds,
  keys.dedupeAt,
  keys.listeners,
  keys.timers,
  keys.queue,
  keys.leases,
  keys.ended,
  keys.eventsIdle,
  keys.singletons,
];

/** The keys ingest takes. */
export const logKeys = (keys: Keys): string[] => [
  keys.seq,
  keys.events,
  keys.pending,
  keys.dedupeIds,
  keys.dedupeAt,
];
