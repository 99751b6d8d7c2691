import * as t from "io-ts";
import { described } from "./annotated";
import { JsonObject } from "./json";

// An event's own `ts` is epoch ms, as in the seeds' system: the one time on the wire that is
// not an ISO string.
const ts = described(t.number, "epoch milliseconds");

/** An event as a user sends it (SPEC §5). `data` defaults to `{}`, `ts` to the ingestion time. */
export const EventInput = t.intersection([
  t.type({ name: described(t.string, 'non-empty, not starting with "inngest/"') }),
  t.partial({
    data: JsonObject,
    id: described(t.string, "deduplicates within 24 h"),
    ts: described(t.number, "epoch milliseconds; default: the ingestion time"),
    user: JsonObject,
    v: t.string,
  }),
]);
export type EventInput = t.TypeOf<typeof EventInput>;

/** An event as handlers and listeners see it, after ingestion filled in `id`, `ts` and `user`. */
export const EventPayload = t.intersection([
  t.type({ name: t.string, data: JsonObject, id: t.string, ts, user: JsonObject }),
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
