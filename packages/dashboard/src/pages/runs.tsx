import { useQuery } from "@tanstack/react-query";
import { data } from "../api";
import { when } from "../format";
import { FunctionSelect } from "../queries";
import { currentParams, href, pathWith, replaceWith, useLocation } from "../route";
import { RunSearch } from "../run-search";
import { QueryState, Status } from "../status";
import {
  readWindow,
  type TimeWindow,
  TimeWindowFilter,
  windowBounds,
  windowParams,
} from "../time-window";
import { RUN_STATUSES, type Run, type StoredEvent } from "../wire";

interface Filters {
  readonly functionId: string;
  readonly status: string;
  readonly window: TimeWindow;
  /** An event's internal id: only the runs it started. */
  readonly event: string;
}

const readFilters = (params: URLSearchParams): Filters => ({
  functionId: params.get("function") ?? "",
  status: params.get("status") ?? "",
  window: readWindow(params),
  event: params.get("event") ?? "",
});

const address = (f: Filters): string =>
  pathWith("/runs", {
    function: f.functionId,
    status: f.status,
    ...windowParams(f.window),
    event: f.event,
  });

const runsUrl = (f: Filters, now: number): string => {
  const { after, before } = windowBounds(f.window, now);
  return pathWith("/v1/runs", {
    function_id: f.functionId,
    status: f.status,
    started_after: after ?? "",
    started_before: before ?? "",
  });
};

/** The runs an event started, narrowed by the page's other filters here (they are few). */
const eventRuns = async (f: Filters, now: number): Promise<Run[]> => {
  const runs = await data<Run[]>("GET", `/v1/events/${encodeURIComponent(f.event)}/runs`);
  const { after, before } = windowBounds(f.window, now);
  const created = (r: Run) => Date.parse(r.created_at);
  return runs.filter(
    (r) =>
      (f.functionId === "" || r.function_id === f.functionId) &&
      (f.status === "" || r.status === f.status) &&
      (after === null || created(r) >= Date.parse(after)) &&
      (before === null || created(r) <= Date.parse(before)),
  );
};

const EventNotice = ({ eventId, onClear }: { eventId: string; onClear: () => void }) => {
  const event = useQuery({
    queryKey: ["event", eventId],
    queryFn: () => data<StoredEvent>("GET", `/v1/events/${encodeURIComponent(eventId)}`),
    refetchInterval: false,
  });
  return (
    <p className="notice" aria-live="polite">
      Runs started by event <code>{eventId}</code>
      {event.data !== undefined &&
        ` (${event.data.name}, received ${when(event.data.received_at)})`}{" "}
      <button type="button" className="secondary" onClick={onClear}>
        Show all runs
      </button>
    </p>
  );
};

/**
 * Runs, newest first, refreshed every second; filters by function, status, time window (on
 * their creation) or the event that started them, all kept in the address.
 */
export const RunsPage = () => {
  const filters = readFilters(useLocation().params);
  const set = (changes: Partial<Filters>) =>
    replaceWith(address({ ...readFilters(currentParams()), ...changes }));
  const runs = useQuery({
    queryKey: ["runs", address(filters)],
    queryFn: () =>
      filters.event === ""
        ? data<Run[]>("GET", runsUrl(filters, Date.now()))
        : eventRuns(filters, Date.now()),
  });
  return (
    <section aria-labelledby="runs-title">
      <h1 id="runs-title">Runs</h1>
      <div className="filters">
        <FunctionSelect
          value={filters.functionId}
          onChange={(functionId) => set({ functionId })}
          none="All functions"
        />
        <label>
          Status
          <select value={filters.status} onChange={(e) => set({ status: e.target.value })}>
            <option value="">All statuses</option>
            {RUN_STATUSES.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </label>
        <TimeWindowFilter
          value={filters.window}
          onChange={(window) => set({ window: { ...readWindow(currentParams()), ...window } })}
          noun="Created"
        />
        <RunSearch onEvent={(event) => set({ event })} />
      </div>
      {filters.event !== "" && (
        <EventNotice eventId={filters.event} onClear={() => set({ event: "" })} />
      )}
      <QueryState error={runs.error} loading={runs.isPending} />
      {runs.data !== undefined &&
        (runs.data.length === 0 ? (
          <p>No runs match. Send an event from the Events page to start one.</p>
        ) : (
          <table className="runs">
            <thead>
              <tr>
                <th scope="col">Run</th>
                <th scope="col">Function</th>
                <th scope="col">Status</th>
                <th scope="col">Event</th>
                <th scope="col">Created</th>
              </tr>
            </thead>
            <tbody>
              {runs.data.map((run) => (
                <tr key={run.id} data-run-id={run.id}>
                  <td data-label="Run">
                    <a href={href(`/runs/${run.id}`)}>{run.id}</a>
                  </td>
                  <td data-label="Function">{run.function_id}</td>
                  <td data-label="Status">
                    <Status status={run.status} />
                  </td>
                  <td data-label="Event">{run.event.name}</td>
                  <td data-label="Created">{when(run.created_at)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ))}
    </section>
  );
};
