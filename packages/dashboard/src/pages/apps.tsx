import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { data } from "../api";
import { when } from "../format";
import { href, pathWith } from "../route";
import { QueryState } from "../status";
import type { App } from "../wire";

const useApps = () =>
  useQuery({
    queryKey: ["apps"],
    queryFn: () => data<App[]>("GET", "/v1/apps"),
    refetchInterval: 2000,
  });

/** `POST /v1/apps/:id/resync`: no confirmation, a sync changes nothing the app did not change. */
const Resync = ({ app }: { app: App }) => {
  const client = useQueryClient();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const resync = async () => {
    setBusy(true);
    setError(null);
    try {
      await data("POST", `/v1/apps/${encodeURIComponent(app.id)}/resync`, {});
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
      await client.invalidateQueries();
    }
  };
  return (
    <>
      {error !== null && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <div className="actions">
        <button type="button" disabled={busy} onClick={resync}>
          {busy ? `Resyncing ${app.id}…` : `Resync ${app.id}`}
        </button>
      </div>
    </>
  );
};

/** The synced SDK apps (`GET /v1/apps`): URL, SDK, sync state and functions; resync. */
export const AppsPage = () => {
  const apps = useApps();
  return (
    <section aria-labelledby="apps-title">
      <h1 id="apps-title">Apps</h1>
      <QueryState error={apps.error} loading={apps.isPending} />
      {apps.data?.length === 0 && (
        <p>
          No SDK app is synced. Start <code>quell dev -u &lt;serve URL&gt;</code>, or let the app
          post to <code>/fn/register</code>.
        </p>
      )}
      {(apps.data ?? []).map((app) => (
        <article key={app.id} className="card" aria-labelledby={`app-${app.id}`}>
          <h2 id={`app-${app.id}`}>
            {app.id}{" "}
            {app.error === null ? (
              <span className="status status-completed">Synced</span>
            ) : (
              <span className="status status-failed">Sync refused</span>
            )}
          </h2>
          <dl>
            <dt>URL</dt>
            <dd>
              <code>{app.url}</code>
            </dd>
            <dt>SDK</dt>
            <dd>
              {app.sdk}
              {app.framework !== null && ` (${app.framework})`}
            </dd>
            <dt>Synced at</dt>
            <dd data-testid="synced-at">{when(app.synced_at)}</dd>
            {app.error !== null && (
              <>
                <dt>Last sync refused</dt>
                <dd className="error">{app.error}</dd>
              </>
            )}
            <dt>Functions</dt>
            <dd>
              {app.functions.length === 0 ? (
                "—"
              ) : (
                <ul className="plain">
                  {app.functions.map((fn) => (
                    <li key={fn.function_id}>
                      <a href={href(pathWith("/functions", { function: fn.function_id }))}>
                        {fn.function_id}
                      </a>
                    </li>
                  ))}
                </ul>
              )}
            </dd>
          </dl>
          <Resync app={app} />
        </article>
      ))}
    </section>
  );
};
