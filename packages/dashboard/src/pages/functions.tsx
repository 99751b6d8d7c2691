import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { data } from "../api";
import { Confirm } from "../confirm";
import { useFunctions } from "../queries";
import { href, useLocation } from "../route";
import { QueryState } from "../status";
import type { QuellFunctionInfo } from "../wire";

const Pause = ({ fn }: { fn: QuellFunctionInfo }) => {
  const client = useQueryClient();
  const [cancelRunning, setCancelRunning] = useState(false);
  const slug = encodeURIComponent(fn.function_id);
  const act = async (action: "pause" | "resume", body: object) => {
    await data("POST", `/v1/functions/${slug}/${action}`, body);
    await client.invalidateQueries();
  };
  return fn.paused ? (
    <Confirm
      label={`Resume ${fn.function_id}`}
      question={`Resume ${fn.function_id}? Held runs continue; events skipped while paused are not replayed.`}
      confirmLabel="Yes, resume"
      onConfirm={() => act("resume", {})}
    />
  ) : (
    <Confirm
      label={`Pause ${fn.function_id}`}
      question={`Pause ${fn.function_id}? New events create Skipped runs; running runs stop at their next step.`}
      confirmLabel="Yes, pause"
      danger
      onConfirm={() => act("pause", cancelRunning ? { cancel_running: true } : {})}
    >
      <label className="check">
        <input
          type="checkbox"
          checked={cancelRunning}
          onChange={(e) => setCancelRunning(e.target.checked)}
        />
        Also cancel its running runs
      </label>
    </Confirm>
  );
};

/** The functions the server runs: triggers, `cancelOn`, retries; pause and resume. */
export const FunctionsPage = () => {
  const functions = useFunctions();
  // `?function=` (the Apps page links there): that function only.
  const only = useLocation().params.get("function");
  const shown = (functions.data ?? []).filter((fn) => only === null || fn.function_id === only);
  return (
    <section aria-labelledby="functions-title">
      <h1 id="functions-title">Functions</h1>
      <QueryState error={functions.error} loading={functions.isPending} />
      {only !== null && (
        <p>
          Showing <code>{only}</code> only. <a href={href("/functions")}>Show all functions</a>
        </p>
      )}
      {shown.map((fn) => (
        <article key={fn.function_id} className="card" aria-labelledby={`fn-${fn.function_id}`}>
          <h2 id={`fn-${fn.function_id}`}>
            {fn.name} {fn.paused && <span className="status status-cancelled">Paused</span>}
          </h2>
          <dl>
            <dt>Function id</dt>
            <dd>
              <code>{fn.function_id}</code>
            </dd>
            <dt>Triggers</dt>
            <dd>
              <ul className="plain">
                {fn.triggers.map((t) =>
                  "cron" in t ? (
                    <li key={`cron-${t.cron}`}>
                      cron <code>{t.cron}</code>
                    </li>
                  ) : (
                    <li key={`${t.event}-${t.if ?? ""}`}>
                      <code>{t.event}</code>
                      {t.if !== null && (
                        <>
                          {" "}
                          if <code>{t.if}</code>
                        </>
                      )}
                    </li>
                  ),
                )}
              </ul>
            </dd>
            <dt>Cancel on</dt>
            <dd>
              {fn.cancel_on.length === 0 ? (
                "—"
              ) : (
                <ul className="plain">
                  {fn.cancel_on.map((c) => (
                    <li key={`${c.event}-${c.if ?? ""}-${c.match ?? ""}`}>
                      <code>{c.event}</code>
                      {c.match !== null && (
                        <>
                          {" "}
                          match <code>{c.match}</code>
                        </>
                      )}
                      {c.if !== null && (
                        <>
                          {" "}
                          if <code>{c.if}</code>
                        </>
                      )}
                      {c.timeout !== null && ` within ${c.timeout}`}
                    </li>
                  ))}
                </ul>
              )}
            </dd>
            <dt>Retries</dt>
            <dd>{fn.retries}</dd>
          </dl>
          <div className="actions">
            <a href={`#/runs`}>Runs</a>
            <Pause fn={fn} />
          </div>
        </article>
      ))}
    </section>
  );
};
