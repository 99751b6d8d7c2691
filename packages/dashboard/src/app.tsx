import { useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { ApiError, setSigningKey, signingKey } from "./api";
import { AppsPage } from "./pages/apps";
import { BulkCancelPage } from "./pages/bulk-cancel";
import { EventsPage } from "./pages/events";
import { FunctionsPage } from "./pages/functions";
import { RunPage } from "./pages/run";
import { RunsPage } from "./pages/runs";
import { useFunctions } from "./queries";
import { href, useLocation } from "./route";

const PAGES = [
  ["/runs", "Runs"],
  ["/functions", "Functions"],
  ["/bulk-cancel", "Bulk cancel"],
  ["/events", "Events"],
  ["/apps", "Apps"],
] as const;

const Page = ({ path }: { path: string }) => {
  const run = /^\/runs\/([^/]+)$/.exec(path);
  if (run?.[1] !== undefined) return <RunPage id={decodeURIComponent(run[1])} />;
  if (path === "/functions") return <FunctionsPage />;
  if (path === "/bulk-cancel") return <BulkCancelPage />;
  if (path === "/events") return <EventsPage />;
  if (path === "/apps") return <AppsPage />;
  return <RunsPage />;
};

/** `quell start` checks a signing key; the page asks for it when the API answers 401. */
const KeyForm = ({ message }: { message: string }) => {
  const client = useQueryClient();
  const [key, setKey] = useState("");
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setSigningKey(key.trim());
    void client.invalidateQueries();
  };
  return (
    <form className="card key-form" onSubmit={submit}>
      <h1>Signing key</h1>
      <p>
        This server checks a signing key. It stays in this tab only (session storage) and is sent as{" "}
        <code>Authorization: Bearer</code>.
      </p>
      {signingKey() !== null && <p role="alert">{message}</p>}
      <label>
        Signing key
        <input type="password" value={key} onChange={(e) => setKey(e.target.value)} required />
      </label>
      <button type="submit">Open the dashboard</button>
    </form>
  );
};

export const App = () => {
  const { path } = useLocation();
  // Every page needs the functions; a 401 here means the key is missing or wrong.
  const functions = useFunctions();
  const denied =
    functions.error instanceof ApiError && functions.error.status === 401 ? functions.error : null;
  return (
    <>
      <header className="top">
        <a className="brand" href={href("/runs")}>
          Quell
        </a>
        <nav aria-label="Pages">
          {PAGES.map(([page, label]) => (
            <a
              key={page}
              href={href(page)}
              aria-current={path.startsWith(page) ? "page" : undefined}
            >
              {label}
            </a>
          ))}
        </nav>
        {signingKey() !== null && (
          <button
            type="button"
            className="link"
            onClick={() => {
              setSigningKey(null);
              window.location.reload();
            }}
          >
            Forget key
          </button>
        )}
      </header>
      <main>{denied !== null ? <KeyForm message={denied.message} /> : <Page path={path} />}</main>
    </>
  );
};
