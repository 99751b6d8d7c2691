import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { data } from "../api";
import { Confirm } from "../confirm";
import { json, when } from "../format";
import { useFunctions } from "../queries";
import { Reschedule } from "../reschedule";
import { go, href } from "../route";
import { QueryState, Status } from "../status";
import { TimelinePicture } from "../timeline-view";
import { ENDED, type Run } from "../wire";

const CLEANUP_TRIGGER = "inngest/function.cancelled";

/** Runs a cancelled run's `inngest/function.cancelled` event started (its cleanup). */
const useCleanups = (run: Run | undefined) => {
  const functions = useFunctions();
  const cleaners = (functions.data ?? []).filter((f) =>
    f.triggers.some((t) => "event" in t && t.event === CLEANUP_TRIGGER),
  );
  return useQuery({
    queryKey: ["cleanups", run?.id, cleaners.map((f) => f.function_id)],
    enabled: run?.status === "Cancelled" && cleaners.length > 0,
    queryFn: async () => {
      const lists = await Promise.all(
        cleaners.map((f) =>
          data<Run[]>("GET", `/v1/runs?function_id=${encodeURIComponent(f.function_id)}&limit=200`),
        ),
      );
      return lists.flat().filter((r) => (r.event.data as { run_id?: unknown })?.run_id === run?.id);
    },
  });
};

/** One field of a cancellation record: times as ISO, the run that caused it as a link. */
const RecordValue = ({ field, value }: { field: string; value: unknown }) => {
  if (field === "at" && typeof value === "string") return when(value);
  if (field === "caused_by_run_id" && typeof value === "string")
    return <a href={href(`/runs/${value}`)}>{value}</a>;
  return String(value);
};

const Cancellation = ({ run }: { run: Run }) =>
  run.cancellation === null ? null : (
    <section aria-labelledby="cancellation-title">
      <h2 id="cancellation-title">Cancellation</h2>
      <dl className="card">
        {Object.entries(run.cancellation).map(([key, value]) => (
          <div key={key} style={{ display: "contents" }}>
            <dt>{key}</dt>
            <dd>
              <RecordValue field={key} value={value} />
            </dd>
          </div>
        ))}
      </dl>
    </section>
  );

/** One run: status, output or error, cancellation, timeline; cancel and replay. */
export const RunPage = ({ id }: { id: string }) => {
  const client = useQueryClient();
  const [reason, setReason] = useState("");
  const run = useQuery({
    queryKey: ["run", id],
    queryFn: () => data<Run>("GET", `/v1/runs/${encodeURIComponent(id)}`),
  });
  const cleanups = useCleanups(run.data);
  const r = run.data;
  const ended = r !== undefined && ENDED.includes(r.status);
  const cancel = async () => {
    await data("DELETE", `/v1/runs/${encodeURIComponent(id)}`, reason === "" ? {} : { reason });
    await client.invalidateQueries({ queryKey: ["run", id] });
  };
  const replay = async () => {
    const next = await data<Run>("POST", `/v1/runs/${encodeURIComponent(id)}/replay`, {});
    go(`/runs/${next.id}`);
  };
  return (
    <section aria-labelledby="run-title">
      <p>
        <a href={href("/runs")}>← Runs</a>
      </p>
      <h1 id="run-title">Run {id}</h1>
      <QueryState error={run.error} loading={run.isPending} />
      {r !== undefined && (
        <>
          <dl className="card">
            <dt>Status</dt>
            <dd>
              <Status status={r.status} />
              {r.status === "Cancelled" &&
                r.ended_at === null &&
                " (the step in flight is finishing)"}
            </dd>
            <dt>Function</dt>
            <dd>{r.function_id}</dd>
            <dt>Event</dt>
            <dd>
              {r.event.name} <code>{r.event.id}</code>
            </dd>
            <dt>Created</dt>
            <dd>{when(r.created_at)}</dd>
            <dt>Ended</dt>
            <dd>{when(r.ended_at)}</dd>
            {r.parent !== null && (
              <>
                <dt>Invoked by</dt>
                <dd>
                  <a href={href(`/runs/${r.parent.run_id}`)}>{r.parent.run_id}</a>
                  {r.parent.cascade === "detach" && " (detached)"}
                </dd>
              </>
            )}
            {r.original_run_id !== null && (
              <>
                <dt>Replay of</dt>
                <dd>
                  <a href={href(`/runs/${r.original_run_id}`)}>{r.original_run_id}</a>
                </dd>
              </>
            )}
            {(cleanups.data ?? []).length > 0 && (
              <>
                <dt>Cleanup run</dt>
                <dd>
                  {(cleanups.data ?? []).map((c) => (
                    <a key={c.id} href={href(`/runs/${c.id}`)}>
                      {c.id}
                    </a>
                  ))}
                </dd>
              </>
            )}
          </dl>
          <div className="actions">
            {!ended && r.status !== "Cancelled" && (
              <Confirm
                label="Cancel run"
                question="Cancel this run? A step in flight finishes first; nothing after it runs."
                confirmLabel="Yes, cancel the run"
                danger
                onConfirm={cancel}
              >
                <label>
                  Reason (optional)
                  <input value={reason} onChange={(e) => setReason(e.target.value)} />
                </label>
              </Confirm>
            )}
            {r.status === "Sleeping" && <Reschedule runId={r.id} />}
            {ended && (
              <Confirm
                label="Replay"
                question="Start a new run with this run's event?"
                confirmLabel="Yes, replay"
                onConfirm={replay}
              />
            )}
          </div>
          <h2>Timeline</h2>
          <TimelinePicture entries={r.timeline ?? []} now={run.dataUpdatedAt} />
          <Cancellation run={r} />
          {r.output !== null && (
            <>
              <h2>Output</h2>
              <pre>{json(r.output)}</pre>
            </>
          )}
          {r.error !== null && (
            <>
              <h2>Error</h2>
              <pre className="error">{json(r.error)}</pre>
            </>
          )}
          <h2>Event data</h2>
          <pre>{json(r.event.data)}</pre>
          <details>
            <summary>Timeline entries</summary>
            <ol>
              {(r.timeline ?? []).map((e) => (
                <li key={`${e.at}-${e.type}-${e.step ?? ""}`}>
                  {when(e.at)} — {e.type}
                  {e.step !== undefined && ` ${e.step}`}
                  {e.detail !== undefined && ` (${e.detail})`}
                </li>
              ))}
            </ol>
          </details>
        </>
      )}
    </section>
  );
};
