import type { RunStatus } from "./wire";

export const Status = ({ status }: { status: RunStatus }) => (
  <span className={`status status-${status.toLowerCase()}`}>{status}</span>
);

/** Loading and error lines every query shows the same way. */
export const QueryState = ({ error, loading }: { error: Error | null; loading: boolean }) =>
  error !== null ? (
    <p role="alert" className="error">
      {error.message}
    </p>
  ) : loading ? (
    <p aria-live="polite">Loading…</p>
  ) : null;
