import type { EventPage, ListEventsFilter, StoredEvent } from "@quell/core";
import { decodeKeyCursor, encodeKeyCursor, SortedKeys, type TimeKey } from "./sorted-keys";

/** Page size when a filter names none (as `listRuns`). */
const DEFAULT_PAGE_SIZE = 100;

const keyOf = (event: StoredEvent): TimeKey => ({ at: event.receivedAt, id: event.internalId });

/**
 * The stored events in `listEvents` order (`receivedAt`, then internal id), all together and
 * per name. The event log adds each event it stores and removes each it prunes, so the listing
 * is always exactly the stored events.
 */
export class EventOrder {
  private readonly all = new SortedKeys();
  private readonly byName = new Map<string, SortedKeys>();

  add(event: StoredEvent): void {
    const key = keyOf(event);
    this.all.insert(key);
    let keys = this.byName.get(event.payload.name);
    if (keys === undefined) {
      keys = new SortedKeys();
      this.byName.set(event.payload.name, keys);
    }
    keys.insert(key);
  }

  /** Remove these events' keys: one pass per index they are in. */
  remove(events: readonly StoredEvent[]): void {
    if (events.length === 0) return;
    const ids = new Set(events.map((event) => event.internalId));
    this.all.removeIds(ids);
    for (const name of new Set(events.map((event) => event.payload.name))) {
      const keys = this.byName.get(name);
      keys?.removeIds(ids);
      if (keys?.size === 0) this.byName.delete(name);
    }
  }

  /** Newest first; `get` reads each listed event (every key names a stored one). */
  list(filter: ListEventsFilter, get: (id: string) => StoredEvent | null): EventPage {
    const limit = Math.max(1, Math.floor(filter.limit ?? DEFAULT_PAGE_SIZE));
    const keys = filter.name === undefined ? this.all : this.byName.get(filter.name);
    if (keys === undefined) return { events: [], cursor: null };
    const scan = {
      after: filter.cursor === undefined ? null : decodeKeyCursor(filter.cursor),
      atMax: filter.receivedBefore ?? Number.POSITIVE_INFINITY,
      atMin: filter.receivedAfter ?? Number.NEGATIVE_INFINITY,
    };
    const events: StoredEvent[] = [];
    for (const key of keys.descending(scan)) {
      const event = get(key.id);
      if (event === null) continue;
      // One event past the page proves there is a next page, so the last page's cursor is null.
      const last = events[limit - 1];
      if (last !== undefined) return { events, cursor: encodeKeyCursor(keyOf(last)) };
      events.push(event);
    }
    return { events, cursor: null };
  }
}
