import type { StoredEvent } from "../../codecs/event";
import { invalidCursor } from "../../sdk/errors";
import type { EventPage, ListEventsFilter } from "../port";
import type { StoreModel } from "./model";

type EventKey = Pick<StoredEvent, "receivedAt" | "internalId">;

/** Newest first: `receivedAt` desc, then internal id desc. */
const listOrder = (a: EventKey, b: EventKey): number =>
  b.receivedAt - a.receivedAt ||
  (a.internalId < b.internalId ? 1 : a.internalId > b.internalId ? -1 : 0);

/** A cursor this model issued (`[receivedAt, internalId]` as JSON), or `invalidCursor()`. */
const readCursor = (cursor: string): EventKey => {
  let parsed: unknown;
  try {
    parsed = JSON.parse(cursor);
  } catch {
    throw invalidCursor();
  }
  if (!Array.isArray(parsed) || typeof parsed[0] !== "number" || typeof parsed[1] !== "string") {
    throw invalidCursor();
  }
  return { receivedAt: parsed[0], internalId: parsed[1] };
};

/** Every stored event the filter selects, in `listEvents` order (newest first). */
export const listAllEvents = (
  model: StoreModel,
  filter: Omit<ListEventsFilter, "cursor" | "limit">,
): StoredEvent[] =>
  [...model.events.values()]
    .filter(
      (e) =>
        (filter.name === undefined || e.payload.name === filter.name) &&
        (filter.receivedAfter === undefined || e.receivedAt >= filter.receivedAfter) &&
        (filter.receivedBefore === undefined || e.receivedAt <= filter.receivedBefore),
    )
    .sort(listOrder);

/** `Store.listEvents`: keyset pages, as `listRuns`. */
export const listEvents = (model: StoreModel, filter: ListEventsFilter): EventPage => {
  const all = listAllEvents(model, filter);
  const after = filter.cursor === undefined ? null : readCursor(filter.cursor);
  const rest = after === null ? all : all.filter((e) => listOrder(e, after) > 0);
  const events = rest.slice(0, Math.max(1, filter.limit ?? 100));
  const end = events[events.length - 1];
  const more = end !== undefined && rest.length > events.length;
  return { events, cursor: more ? JSON.stringify([end.receivedAt, end.internalId]) : null };
};
