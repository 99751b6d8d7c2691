import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { data, request } from "../api";
import { json, when } from "../format";
import { currentParams, pathWith, replaceWith, useLocation } from "../route";
import { RunLinks } from "../run-links";
import { SendForm } from "../send-form";
import { QueryState } from "../status";
import {
  readWindow,
  type TimeWindow,
  TimeWindowFilter,
  windowBounds,
  windowParams,
} from "../time-window";
import type { Run, StoredEvent } from "../wire";

const PAGE_SIZE = 20;

interface Filters {
  readonly name: string;
  readonly window: TimeWindow;
}

const address = (f: Filters): string =>
  pathWith("/events", { name: f.name, ...windowParams(f.window) });

const eventsUrl = (f: Filters, cursor: string | null, now: number): string => {
  const { after, before } = windowBounds(f.window, now);
  return pathWith("/v1/events", {
    name: f.name.trim(),
    received_after: after ?? "",
    received_before: before ?? "",
    limit: String(PAGE_SIZE),
    cursor: cursor ?? "",
  });
};

interface EventsAnswer {
  readonly data: StoredEvent[];
  readonly metadata: { readonly cursor?: string | null };
}

/**
 * The runs an event started (`/v1/events/:id/runs`) and cancelled (`…/cancelled-runs`, the
 * runs whose cancellation record names it), refreshed less often than the list: two requests
 * per event shown.
 */
const useEventRuns = (eventId: string) =>
  useQuery({
    queryKey: ["event-runs", eventId],
    refetchInterval: 2000,
    queryFn: async () => {
      const id = encodeURIComponent(eventId);
      const [started, cancelled] = await Promise.all([
        data<Run[]>("GET", `/v1/events/${id}/runs`),
        data<Run[]>("GET", `/v1/events/${id}/cancelled-runs`),
      ]);
      return { started, cancelled };
    },
  });

const EventRow = ({ event }: { event: StoredEvent }) => {
  const runs = useEventRuns(event.internal_id);
  return (
    <tr data-event-id={event.internal_id}>
      <td data-label="Event">
        {event.name}
        <br />
        <code>{event.internal_id}</code>
        {event.id !== event.internal_id && (
          <>
            {" "}
            (id <code>{event.id}</code>)
          </>
        )}
        <details>
          <summary>Data</summary>
          <pre>{json(event.data)}</pre>
        </details>
      </td>
      <td data-label="Received">{when(event.received_at)}</td>
      <td data-label="Started">
        <RunLinks runs={runs.data?.started} />
      </td>
      <td data-label="Cancelled">
        <RunLinks runs={runs.data?.cancelled} />
      </td>
    </tr>
  );
};

const readFilters = (params: URLSearchParams): Filters => ({
  name: params.get("name") ?? "",
  window: readWindow(params),
});

/** Send events, and the stream of every stored event with what each started and cancelled. */
export const EventsPage = () => {
  const client = useQueryClient();
  const { params } = useLocation();
  const filters = readFilters(params);
  const set = (changes: Partial<Filters>) =>
    replaceWith(address({ ...readFilters(currentParams()), ...changes }));
  const [sent, setSent] = useState<string[]>([]);
  // Older pages: the cursors that led to them (none for the first, which stays live).
  const [pages, setPages] = useState<{ key: string; cursors: string[] }>({ key: "", cursors: [] });
  const key = address(filters);
  const cursors = pages.key === key ? pages.cursors : [];
  const cursor = cursors[cursors.length - 1] ?? null;
  const events = useQuery({
    queryKey: ["events", key, cursor],
    queryFn: () => request<EventsAnswer>("GET", eventsUrl(filters, cursor, Date.now())),
  });
  const next = events.data?.metadata.cursor ?? null;
  return (
    <section aria-labelledby="events-title">
      <h1 id="events-title">Events</h1>
      <SendForm
        onSent={(ids) => {
          setSent(ids);
          void client.invalidateQueries({ queryKey: ["events"] });
        }}
      />
      {sent.length > 0 && (
        <p aria-live="polite">
          Sent: <code>{sent.join(", ")}</code>
        </p>
      )}
      <h2 id="stream-title">Event stream</h2>
      <div className="filters">
        <label>
          Name
          <input
            value={filters.name}
            onChange={(e) => set({ name: e.target.value })}
            placeholder="every name"
          />
        </label>
        <TimeWindowFilter
          value={filters.window}
          onChange={(window) => set({ window: { ...readWindow(currentParams()), ...window } })}
          noun="Received"
        />
      </div>
      <QueryState error={events.error} loading={events.isPending} />
      {events.data !== undefined &&
        (events.data.data.length === 0 ? (
          <p>No events match.</p>
        ) : (
          <table className="events" aria-labelledby="stream-title">
            <thead>
              <tr>
                <th scope="col">Event</th>
                <th scope="col">Received</th>
                <th scope="col">Started</th>
                <th scope="col">Cancelled</th>
              </tr>
            </thead>
            <tbody>
              {events.data.data.map((event) => (
                <EventRow key={event.internal_id} event={event} />
              ))}
            </tbody>
          </table>
        ))}
      <div className="actions">
        {cursors.length > 0 && (
          <button
            type="button"
            className="secondary"
            onClick={() => setPages({ key, cursors: cursors.slice(0, -1) })}
          >
            Newer events
          </button>
        )}
        {next !== null && (
          <button
            type="button"
            className="secondary"
            onClick={() => setPages({ key, cursors: [...cursors, next] })}
          >
            Older events
          </button>
        )}
      </div>
    </section>
  );
};
