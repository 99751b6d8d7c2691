import {
  type ListEventsFilter,
  optionalTimeField,
  type RunView,
  type Store,
  type StoredEventView,
  type TimeInput,
  toRunView,
  toStoredEventView,
  validationError,
} from "@quell/core";

/**
 * Which events `listEvents` answers, newest first: the query of `GET /v1/events` with its fields
 * in camelCase, times as a Date, an ISO string or epoch ms.
 */
export interface ListEventsQuery {
  /** Only events with exactly this name. */
  readonly name?: string;
  /** Events received at or after. */
  readonly receivedAfter?: TimeInput;
  /** Events received at or before. */
  readonly receivedBefore?: TimeInput;
  /** `cursor` of the previous page. */
  readonly cursor?: string;
  /** Page size. */
  readonly limit?: number;
}

/** A page of `listEvents`: `cursor` reads the next page, null on the last. */
export interface EventsPage {
  readonly events: StoredEventView[];
  readonly cursor: string | null;
}

/** The engine's reads of the event log: plain store reads, turned into the API's views. */
export interface EventQueries {
  listEvents(query?: ListEventsQuery): Promise<EventsPage>;
  /** One stored event by internal id, or null (never ingested, or deleted by retention). */
  getEvent(eventId: string): Promise<StoredEventView | null>;
  /** The runs whose cancellation record names this event: the runs it cancelled. */
  runsCancelledBy(eventId: string): Promise<RunView[]>;
}

const time = (field: string, value: TimeInput | undefined): number | null => {
  const parsed = optionalTimeField(field, value);
  if (parsed._tag === "Left") throw validationError(parsed.left);
  return parsed.right;
};

export const eventQueries = (store: Store): EventQueries => ({
  listEvents: async (query = {}) => {
    const after = time("receivedAfter", query.receivedAfter);
    const before = time("receivedBefore", query.receivedBefore);
    const filter: ListEventsFilter = {
      ...(query.name !== undefined ? { name: query.name } : {}),
      ...(after !== null ? { receivedAfter: after } : {}),
      ...(before !== null ? { receivedBefore: before } : {}),
      ...(query.cursor !== undefined ? { cursor: query.cursor } : {}),
      ...(query.limit !== undefined ? { limit: query.limit } : {}),
    };
    const page = await store.listEvents(filter);
    return { events: page.events.map(toStoredEventView), cursor: page.cursor };
  },
  getEvent: async (eventId) => {
    const event = await store.getEvent(eventId);
    return event === null ? null : toStoredEventView(event);
  },
  runsCancelledBy: async (eventId) => (await store.runsCancelledBy(eventId)).map(toRunView),
});
