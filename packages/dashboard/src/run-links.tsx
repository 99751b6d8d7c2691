import { href } from "./route";
import { Status } from "./status";
import type { Run } from "./wire";

/** Runs as links with their function and status; "—" for none. */
export const RunLinks = ({ runs }: { runs: readonly Run[] | undefined }) =>
  runs === undefined ? (
    "…"
  ) : runs.length === 0 ? (
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
