import * as t from "io-ts";
import { JsonObject } from "./json";

/** An event as a user sends it (SPEC §5). `data` defaults to `{}`, `ts` to the ingestion time. */
export const EventInput = t.intersection([
  t.type({ name: t.string }),
  t.partial({
    data: JsonObject,
    id: t.string,
    ts: t.number,
    user: JsonObject,
    v: t.string,
  }),
]);
export type EventInput = t.TypeOf<typeof EventInput>;

/** An event as handlers and listeners see it, after ingestion filled in `id`, `ts` and `user`. */
export const EventPayload = t.intersection([
  t.type({ name: t.string, data: JsonObject, id: t.string, ts: t.number, user: JsonObject }),
  t.partial({ v: t.string }),
]);
export type EventPayload = t.TypeOf<typeof EventPayload>;

/**
 * An event in the store: its payload, its internal ULID, its position in the ingestion order and
 * the time it was received (which `cancelOn` timeouts compare against, SPEC R4).
 */
export const StoredEvent = t.type({
  internalId: t.string,
  seq: t.number,
  receivedAt: t.number,
  payload: EventPayload,
});
export type StoredEvent = t.TypeOf<typeof StoredEvent>;
