import type { IngestRequest } from "@quell/core";

/**
 * The names of every key of one namespace: the one place that builds them (the Lua includes
 * `src/lua/includes/*Key.lua` mirror the derived ones, for the scripts' plans, see
 * `includes/declared.lua`). Every key starts with `{<prefix>}`: the braces make the prefix the
 * key's hash tag, so on a Redis Cluster the whole namespace lives in one slot and every script's
 * keys are on one node. docs/redis.md lists every key.
 */
export interface Keys {
  /** The namespace as the user named it (`quell:`). */
  readonly prefix: string;
  /** What every key starts with: the prefix in braces, its hash tag (`{quell:}`). */
  readonly tag: string;
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
  /** Hash listenerId → listener JSON (its own fields and its shape's id). */
  readonly listeners: string;
  /**
   * Hash shape id → a listener shape's JSON, and `<id>#` → how many listeners refer to it
   * (`includes/listenerShapes.lua`).
   */
  readonly listenerShapes: string;
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
  /**
   * Hash internalId → the ids of the runs that event triggered, joined by `TRIGGER_SEPARATOR`
   * (`includes/triggers.lua`). Replaces the per-event sets of `legacyTriggerKey`.
   */
  readonly triggers: string;
}

/** The namespace of a store given none. */
export const DEFAULT_PREFIX = "quell:";

/** The hash tag of a namespace: `{quell:}` for the prefix `quell:`. */
export const hashTag = (prefix: string): string => {
  // "{}" is no hash tag at all (Redis hashes the whole key), which would spread a namespace.
  if (prefix === "")
    throw new RangeError("the key prefix must not be empty: it is the namespace's hash tag");
  return `{${prefix}}`;
};

export const keysFor = (prefix: string): Keys => {
  const tag = hashTag(prefix);
  return {
    prefix,
    tag,
    seq: `${tag}seq`,
    created: `${tag}created`,
    events: `${tag}ev`,
    pending: `${tag}pending`,
    dedupeIds: `${tag}dd`,
    dedupeAt: `${tag}dd:at`,
    eventsIdle: `${tag}ev:idle`,
    ended: `${tag}ended`,
    listeners: `${tag}l`,
    listenerShapes: `${tag}l:s`,
    timers: `${tag}timers`,
    queue: `${tag}queue`,
    leases: `${tag}leases`,
    locks: `${tag}locks`,
    bulk: `${tag}bc`,
    bulkVersion: `${tag}bc:v`,
    bulkOrder: `${tag}bc:order`,
    bulkEnded: `${tag}bc:ended`,
    paused: `${tag}paused`,
    apps: `${tag}apps`,
    health: `${tag}health`,
    work: `${prefix}work`,
    singletons: `${tag}singletons`,
    triggers: `${tag}x:t`,
  };
};

/** The hash of one run (fields v, s, f, o, t, p, j, e). */
export const runKey = (keys: Keys, runId: string): string => `${keys.tag}r:${runId}`;

/** The listEvents set of every event, or of one name's (mirrors `includes/eventOrderKey.lua`). */
export const eventOrderKey = (keys: Keys, name: string | null): string =>
  name === null ? `${keys.tag}ev:o` : `${keys.tag}ev:o:${name}`;

/** A state's set of runs, or one function's (mirrors `includes/runIndexKey.lua`). */
export const runIndexKey = (keys: Keys, functionId: string | null, state: string): string =>
  functionId === null ? `${keys.tag}x:s:${state}` : `${keys.tag}x:f:${state}:${functionId}`;

/**
 * The byte between two run ids in a value of `keys.triggers`: 0xFF is never part of UTF-8, so
 * no run id (a string, sent as UTF-8) contains it. Lua splits on the same byte.
 */
export const TRIGGER_SEPARATOR = 0xff;

/**
 * The set of the runs an event triggered, as versions before `keys.triggers` wrote it (one set
 * per event). Read and emptied, never added to (mirrors `includes/legacyTriggerKey.lua`).
 */
export const legacyTriggerKey = (keys: Keys, eventId: string): string =>
  `${keys.tag}x:e:${eventId}`;

/** The ids of the runs whose cancellation names an event (`includes/cancelledByKey.lua`). */
export const cancelledByKey = (keys: Keys, eventId: string): string => `${keys.tag}x:c:${eventId}`;

const bytes = (text: string): number => Buffer.byteLength(text, "utf8");

/**
 * The listeners of an event name, signature and key beyond the first, which is in
 * `listenerIndexKey`'s hash (`includes/listenerSetKey.lua`). In the layout before that hash,
 * every one of them: such sets read as they are.
 */
export const listenerSetKey = (keys: Keys, event: string, signature: string, key: string) =>
  `${keys.tag}lk:${bytes(event)}:${event}:${bytes(signature)}:${signature}:${key}`;

/**
 * An event name's hash of first listeners: field `listenerIndexField`, value the id of the first
 * listener registered under that signature and key (`includes/listenerIndexKey.lua`).
 */
export const listenerIndexKey = (keys: Keys, event: string): string => `${keys.tag}li:${event}`;

/** A field of `listenerIndexKey`'s hash (`includes/listenerIndexField.lua`). */
export const listenerIndexField = (signature: string, key: string): string =>
  `${bytes(signature)}:${signature}:${key}`;

/** An event name's signatures in use (`includes/signaturesKey.lua`). */
export const signaturesKey = (keys: Keys, event: string): string => `${keys.tag}ls:${event}`;

/** An event name's listeners without an index key (`includes/unindexedKey.lua`). */
export const unindexedKey = (keys: Keys, event: string): string => `${keys.tag}lu:${event}`;

/** The fixed keys createRun and commitRun take, in their scripts' order (`createRun-n.lua`). */
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
  keys.created,
  keys.triggers,
  keys.listenerShapes,
];

/**
 * The listener index keys ingestion reads to decide whether an event only for listeners is
 * heard (`includes/ingestEvent.lua`): each such name's signatures hash and unindexed set.
 */
export const onlyForListenersKeys = (keys: Keys, requests: readonly IngestRequest[]): string[] => [
  ...new Set(
    requests
      .filter((request) => request.onlyForListeners === true)
      .flatMap((request) => [
        signaturesKey(keys, request.payload.name),
        unindexedKey(keys, request.payload.name),
      ]),
  ),
];

/** The fixed keys ingest takes; the listEvents sets of the events follow them. */
export const logKeys = (keys: Keys): string[] => [
  keys.seq,
  keys.events,
  keys.pending,
  keys.dedupeIds,
  keys.dedupeAt,
  keys.eventsIdle,
];
