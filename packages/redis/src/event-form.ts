import { isDeepStrictEqual } from "node:util";
import type { EventPayload, IngestRequest } from "@quell/core";

/**
 * The stored form of an event in the log (`ev`, the hash of internal id to JSON):
 *
 *     {"receivedAt":<ms>,"payload":<compact payload>,"seq":<n>}
 *
 * without the internal id, which is the hash field, and with a compact payload: the payload
 * without `id` when it is the internal id (an event sent without an id of its own) and without
 * `user` when it is `{}`, the values `normalizeEvent` gives them. Reading puts both back, in the
 * payload's usual key order (name, data, id, ts, user, v). A payload with keys of other names
 * is stored whole. Events written before this form (`{"internalId":…,"receivedAt":…,
 * "payload":<whole payload>,"seq":…}`) read as they are: a payload with both keys is complete.
 *
 * A system event's `data.events` (`inngest/function.*`: the run's trigger events) is stored as
 * `0` when it is `[data.event]`, the run's one trigger event again; reading puts it back. Only
 * the engine emits such events (a user event's name cannot start with `inngest/`), and an
 * array is never 0, so a stored `0` means exactly that.
 *
 * A run's trigger event is compared with the log's byte for byte (`includes/runJsonFor`), so a
 * write sends it compact too, relative to the run's `triggerEventId`.
 */

const PAYLOAD_KEYS = new Set(["name", "data", "id", "ts", "user", "v"]);

type JsonRecord = Record<string, unknown>;

const isRecord = (value: unknown): value is JsonRecord =>
  typeof value === "object" && value !== null && !Array.isArray(value);

const isEmptyRecord = (value: unknown): boolean =>
  isRecord(value) && Object.keys(value).length === 0;

/** `data.events` of a system event that repeats its `data.event` only, as stored. */
const ONLY_THE_EVENT = 0;

const isSystemEvent = (name: unknown): boolean =>
  typeof name === "string" && name.startsWith("inngest/function.");

/**
 * Whether `events` is `[event]` and nothing more: a run's trigger events, or a system event's,
 * when one event started the run (not a batch). The stored forms then keep the event once.
 */
export const repeatsTheEvent = (events: unknown, event: unknown): boolean =>
  Array.isArray(events) &&
  events.length === 1 &&
  (events[0] === event || isDeepStrictEqual(events[0], event));

/** A system event's data without the copy of its trigger event that `events` repeats. */
const compactData = (name: string, data: unknown): unknown =>
  isSystemEvent(name) && isRecord(data) && repeatsTheEvent(data.events, data.event)
    ? { ...data, events: ONLY_THE_EVENT }
    : data;

/** The data as `compactData` had it: `events` back, in its place. */
const expandData = (name: unknown, data: unknown): unknown =>
  isSystemEvent(name) && isRecord(data) && data.events === ONLY_THE_EVENT
    ? { ...data, events: [data.event] }
    : data;

/** The payload as stored: without what reading can put back (`expandPayload`). */
export const compactPayload = (payload: EventPayload, internalId: string): unknown => {
  const keys = Object.keys(payload);
  if (!keys.every((key) => PAYLOAD_KEYS.has(key))) return payload;
  const sameId = payload.id === internalId;
  const noUser = isEmptyRecord(payload.user);
  const data = compactData(payload.name, payload.data);
  if (!sameId && !noUser && data === payload.data) return payload;
  return {
    name: payload.name,
    data,
    ...(sameId ? {} : { id: payload.id }),
    ts: payload.ts,
    ...(noUser ? {} : { user: payload.user }),
    ...(payload.v !== undefined ? { v: payload.v } : {}),
  };
};

/**
 * A stored payload made whole: `id` (the internal id), `user` (`{}`) and a system event's
 * `data.events` back where they were left out. A payload that lacks none is returned as it is,
 * the same object; anything that is not an object too (the codec then says what is wrong).
 */
export const expandPayload = (stored: unknown, internalId: string): unknown => {
  if (!isRecord(stored)) return stored;
  const data = expandData(stored.name, stored.data);
  if (Object.hasOwn(stored, "id") && Object.hasOwn(stored, "user") && data === stored.data) {
    return stored;
  }
  const { name, data: _stored, id, ts, user, ...rest } = stored;
  return { name, data, id: id ?? internalId, ts, user: user ?? {}, ...rest };
};

/** The JSON of a trigger event as a write sends it, to compare with the log's. */
export const triggerEventJson = (payload: EventPayload, internalId: string): string =>
  JSON.stringify(compactPayload(payload, internalId));

/** An event's stored JSON without `seq`, which the ingest script appends from INCR. */
export const storedEventBody = (request: IngestRequest): string =>
  JSON.stringify({
    receivedAt: request.receivedAt,
    payload: compactPayload(request.payload, request.internalId),
  });

/** A stored event's JSON, parsed, as the StoredEvent codec reads it (in either form). */
export const expandStoredEvent = (stored: unknown, internalId: string): unknown => {
  if (!isRecord(stored)) return stored;
  return {
    internalId: stored.internalId ?? internalId,
    seq: stored.seq,
    receivedAt: stored.receivedAt,
    payload: expandPayload(stored.payload, internalId),
  };
};
