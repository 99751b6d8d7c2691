import { useQuery } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { ApiError, data } from "../api";
import { Confirm } from "../confirm";
import { when } from "../format";
import { FunctionSelect, useFunctions } from "../queries";
import { QueryState } from "../status";
import { UtcInput } from "../time-window";
import type { BulkCancellation } from "../wire";

/** Follow a bulk cancellation until its sweep is over. */
const useSweep = (id: string | null) =>
  useQuery({
    queryKey: ["cancellation", id],
    enabled: id !== null,
    queryFn: () => data<BulkCancellation>("GET", `/v1/cancellations/${id}`),
    refetchInterval: (q) => (q.state.data?.status === "running" ? 500 : false),
  });

interface Request {
  readonly app_id: string;
  readonly function_id: string;
  readonly started_before: string;
  readonly started_after?: string;
  readonly if?: string;
}

/** The `if` with a caret under the position the server named. */
const ExpressionError = ({ error, expression }: { error: ApiError; expression: string }) => (
  <div id="if-error" role="alert" className="error">
    <p>{error.message}</p>
    {error.position !== undefined && (
      <pre className="caret" aria-hidden="true">
        {`${expression}\n${" ".repeat(error.position)}^`}
      </pre>
    )}
  </div>
);

/**
 * Bulk cancel: pick a function, a window and an `if`; a dry run counts the runs first; then the
 * sweep, its progress, and stop. The real sweep uses the preview's `started_before`, so it
 * selects the runs the count was about (and none created since).
 */
export const BulkCancelPage = () => {
  const functions = useFunctions();
  const [functionId, setFunctionId] = useState("");
  const [after, setAfter] = useState("");
  const [before, setBefore] = useState("");
  const [expression, setExpression] = useState("");
  const [error, setError] = useState<ApiError | Error | null>(null);
  const [request, setRequest] = useState<Request | null>(null);
  const [previewId, setPreviewId] = useState<string | null>(null);
  const [sweepId, setSweepId] = useState<string | null>(null);
  const preview = useSweep(previewId);
  const sweep = useSweep(sweepId);
  const fn = (functions.data ?? []).find((f) => f.function_id === functionId);

  const dryRun = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    setPreviewId(null);
    setSweepId(null);
    if (fn === undefined) return setError(new Error("Choose a function."));
    const next: Request = {
      app_id: fn.app_id,
      function_id: fn.function_id,
      started_before: before === "" ? new Date().toISOString() : before,
      ...(after === "" ? {} : { started_after: after }),
      ...(expression.trim() === "" ? {} : { if: expression }),
    };
    try {
      const record = await data<BulkCancellation>("POST", "/v1/cancellations", {
        ...next,
        dry_run: true,
      });
      setRequest(next);
      setPreviewId(record.id);
    } catch (thrown) {
      setError(thrown instanceof Error ? thrown : new Error(String(thrown)));
    }
  };
  const start = async () => {
    const record = await data<BulkCancellation>("POST", "/v1/cancellations", request);
    setSweepId(record.id);
  };
  const stop = async () => {
    if (sweepId !== null) await data("DELETE", `/v1/cancellations/${sweepId}`);
    await sweep.refetch();
  };
  const ifError = error instanceof ApiError && error.path === "body.if" ? error : null;
  const counted = preview.data?.status === "completed" ? preview.data.matched : null;
  const s = sweep.data;
  // The sweep counts the runs as it reaches them; until it has reached them all, the preview's
  // count is the better total.
  const total = (record: BulkCancellation) =>
    record.status === "completed" ? record.matched : Math.max(record.matched, counted ?? 0);
  return (
    <section aria-labelledby="bulk-title">
      <h1 id="bulk-title">Bulk cancel</h1>
      <form className="card" onSubmit={dryRun}>
        <div className="filters">
          <FunctionSelect
            value={functionId}
            onChange={setFunctionId}
            none="Choose a function"
            required
          />
          <UtcInput label="Started after (UTC, optional)" value={after} onChange={setAfter} />
          <UtcInput
            label="Started before (UTC; default: now)"
            value={before}
            onChange={setBefore}
          />
        </div>
        <label>
          <span>
            If (CEL over <code>event</code>, the run's triggering event; optional)
          </span>
          <textarea
            value={expression}
            onChange={(e) => setExpression(e.target.value)}
            placeholder="event.data.userId == 'user_123'"
            aria-invalid={ifError !== null}
            aria-describedby={ifError !== null ? "if-error" : undefined}
          />
        </label>
        {ifError !== null && <ExpressionError error={ifError} expression={expression} />}
        {error !== null && ifError === null && (
          <p role="alert" className="error">
            {error.message}
          </p>
        )}
        <div className="actions">
          <button type="submit">Preview (dry run)</button>
        </div>
      </form>
      <QueryState error={preview.error} loading={false} />
      {previewId !== null && counted === null && <p aria-live="polite">Counting…</p>}
      {counted !== null && sweepId === null && (
        <div className="card">
          <p aria-live="polite">
            <strong>{counted}</strong> {counted === 1 ? "run matches" : "runs match"}.
          </p>
          {counted > 0 && (
            <Confirm
              label={`Cancel ${counted} ${counted === 1 ? "run" : "runs"}`}
              question={`Cancel the ${counted} matching runs of ${request?.function_id}? This cannot be undone.`}
              confirmLabel="Yes, cancel them"
              danger
              onConfirm={start}
            />
          )}
        </div>
      )}
      {s !== undefined && (
        <section className="card" aria-labelledby="progress-title">
          <h2 id="progress-title">Bulk cancellation {s.id}</h2>
          <label>
            {s.status === "running" ? "Cancelling" : s.status === "stopped" ? "Stopped" : "Done"}:{" "}
            {s.cancelled} of {total(s)} cancelled
            <progress max={Math.max(total(s), 1)} value={s.cancelled} />
          </label>
          <p>Started {when(s.created_at)}</p>
          {s.status === "running" && (
            <button type="button" className="danger" onClick={stop}>
              Stop
            </button>
          )}
        </section>
      )}
    </section>
  );
};
