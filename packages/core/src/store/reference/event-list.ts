import type { StoredEvent } from "../../codecs/event";
import type { EventPage, ListEventsFilter } from "../port";
import { keysetPage, newestFirst, type PageKey } from "./keyset-page";
import type { StoreModel } from "./model";

/** Events list by reception: newest first. */
const eventKey = (event: StoredEvent): PageKey => ({ at: event.receivedAt, id: event.internalId });
const listOrder = newestFirst(eventKey);

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
  const page = keysetPage(listAllEvents(model, filter), eventKey, filter.cursor, filter.limit);
  return { events: page.items, cursor: page.cursor };
};
