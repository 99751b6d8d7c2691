import * as t from "io-ts";
import { described } from "../codecs/annotated";
import { EventPayload, type StoredEvent } from "../codecs/event";
import { IsoDateTime, isoTime } from "../codecs/wire";

/**
 * A stored event as `GET /v1/events` lists it: the payload's fields (`name`, `data`, `id`, `ts`,
 * `user`, `v`) as handlers see them, with the internal id the API's other event routes take and
 * the time the server received it. The payload's own `ts` stays epoch ms, as in the seeds'
 * system; `received_at` is an ISO time like every other time on the wire.
 */
export const StoredEventView = t.exact(
  t.intersection([
    t.type({
      internal_id: described(t.string, "the id ingestion answered; /v1/events/:id/… take it"),
      received_at: described(IsoDateTime, "when the server received the event"),
    }),
    EventPayload,
  ]),
);
export type StoredEventView = t.TypeOf<typeof StoredEventView>;

export const toStoredEventView = (event: StoredEvent): StoredEventView => ({
  ...event.payload,
  internal_id: event.internalId,
  received_at: isoTime(event.receivedAt),
});
