import { useQuery } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { data } from "../api";
import { when } from "../format";
import { FunctionSelect } from "../queries";
import { go, href } from "../route";
import { QueryState, Status } from "../status";
import { RUN_STATUSES, type Run } from "../wire";

const runsUrl = (functionId: string, status: string): string => {
  const query = new URLSearchParams();
  if (functionId !== "") query.set("function_id", functionId);
  if (status !== "") query.set("status", status);
  const text = query.toString();
  return text === "" ? "/v1/runs" : `/v1/runs?${text}`;
};

/** Runs, newest first, refreshed every second; filters by function and status. */
export const RunsPage = () => {
  const [functionId, setFunctionId] = useState("");
  const [status, setStatus] = useState("");
  const [runId, setRunId] = useState("");
  const runs = useQuery({
    queryKey: ["runs", functionId, status],
    queryFn: () => data<Run[]>("GET", runsUrl(functionId, status)),
  });
  const open = (e: FormEvent) => {
    e.preventDefault();
    if (runId.trim() !== "") go(`/runs/${encodeURIComponent(runId.trim())}`);
  };
  return (
    <section aria-labelledby="runs-title">
      <h1 id="runs-title">Runs</h1>
      <div className="filters">
        <FunctionSelect value={functionId} onChange={setFunctionId} none="All functions" />
        <label>
          Status
          <select value={status} onChange={(e) => setStatus(e.target.value)}>
            <option value="">All statuses</option>
            {RUN_STATUSES.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </label>
        <form onSubmit={open} className="inline">
          <label>
            Run id
            <input value={runId} onChange={(e) => setRunId(e.target.value)} placeholder="01J…" />
          </label>
          <button type="submit">Open</button>
        </form>
      </div>
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
