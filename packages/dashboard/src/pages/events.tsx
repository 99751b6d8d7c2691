import { useQuery } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { data, request } from "../api";
import { when } from "../format";
import { href } from "../route";
import { QueryState, Status } from "../status";
import type { Run } from "../wire";

interface EventRow {
  readonly id: string;
  readonly name: string;
  readonly at: number;
  readonly started: Run[];
  readonly cancelled: Run[];
}

/**
 * The API lists runs, not events: the stream is rebuilt from the newest runs — each event with
 * the runs it started (their trigger) and the runs it cancelled (their cancellation's
 * `event_id`). An event that neither started nor cancelled a run does not show.
 */
const eventsOf = (runs: readonly Run[]): EventRow[] => {
  const rows = new Map<string, EventRow>();
  const row = (id: string, name: string, at: number): EventRow => {
    const found = rows.get(id);
    if (found !== undefined) return found;
    const created = { id, name, at, started: [], cancelled: [] };
    rows.set(id, created);
    return created;
  };
  for (const run of runs) {
    row(run.event.id, run.event.name, run.event.ts).started.push(run);
    const cause = run.cancellation?.event_id;
    if (typeof cause === "string" && run.cancellation !== null) {
      row(cause, "(cancelling event)", Date.parse(run.cancellation.at)).cancelled.push(run);
    }
  }
  return [...rows.values()].sort((a, b) => b.at - a.at);
};

const parse = (text: string): { ok: true; value: unknown } | { ok: false; error: string } => {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (e) {
    return { ok: false, error: e instanceof Error ? e.message : String(e) };
  }
};

const SendForm = ({ onSent }: { onSent: (ids: string[]) => void }) => {
  const [name, setName] = useState("tasks/reminder.created");
  const [text, setText] = useState(
    '{\n  "userId": "user_123",\n  "reminderId": "reminder_1",\n  "remindAt": "2030-01-01T09:00:00Z"\n}',
  );
  const [error, setError] = useState<string | null>(null);
  const parsed = parse(text);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    if (!parsed.ok) return;
    try {
      const answer = await request<{ ids: string[] }>("POST", "/e/dev", {
        name,
        data: parsed.value,
      });
      onSent(answer.ids);
    } catch (thrown) {
      setError(thrown instanceof Error ? thrown.message : String(thrown));
    }
  };
  return (
    <form className="card" onSubmit={submit}>
      <h2>Send an event</h2>
      <label>
        Event name
        <input value={name} onChange={(e) => setName(e.target.value)} required />
      </label>
      <label>
        Data (JSON)
        <textarea
          value={text}
          onChange={(e) => setText(e.target.value)}
          aria-invalid={!parsed.ok}
          aria-describedby={parsed.ok ? undefined : "data-error"}
          rows={6}
        />
      </label>
      {!parsed.ok && (
        <p id="data-error" className="error" role="alert">
          Not JSON: {parsed.error}
        </p>
      )}
      {error !== null && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <div className="actions">
        <button type="submit" disabled={!parsed.ok}>
          Send event
        </button>
      </div>
    </form>
  );
};

const RunLinks = ({ runs }: { runs: readonly Run[] }) =>
  runs.length === 0 ? (
    "—"
  ) : (
    <ul className="plain">
      {runs.map((r) => (
        <li key={r.id}>
          <a href={href(`/runs/${r.id}`)}>{r.id}</a> {r.function_id} <Status status={r.status} />
        </li>
      ))}
    </ul>
  );

/** Send events (to `/e/dev`, or any key in dev) and see what the recent ones did. */
export const EventsPage = () => {
  const [sent, setSent] = useState<string[]>([]);
  const runs = useQuery({
    queryKey: ["runs", "events"],
    queryFn: () => data<Run[]>("GET", "/v1/runs?limit=500"),
  });
  const rows = eventsOf(runs.data ?? []);
  return (
    <section aria-labelledby="events-title">
      <h1 id="events-title">Events</h1>
      <SendForm onSent={(ids) => setSent(ids)} />
      {sent.length > 0 && (
        <p aria-live="polite">
          Sent: <code>{sent.join(", ")}</code>
        </p>
      )}
      <h2>Recent events</h2>
      <QueryState error={runs.error} loading={runs.isPending} />
      <table>
        <thead>
          <tr>
            <th scope="col">Event</th>
            <th scope="col">Received</th>
            <th scope="col">Started</th>
            <th scope="col">Cancelled</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((e) => (
            <tr key={e.id} data-event-id={e.id}>
              <td data-label="Event">
                {e.name}
                <br />
                <code>{e.id}</code>
              </td>
              <td data-label="Received">{when(new Date(e.at).toISOString())}</td>
              <td data-label="Started">
                <RunLinks runs={e.started} />
              </td>
              <td data-label="Cancelled">
                <RunLinks runs={e.cancelled} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
};
