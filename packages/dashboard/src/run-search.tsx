import { type FormEvent, useId, useState } from "react";
import { ApiError, data } from "./api";
import { go } from "./route";
import type { Run, StoredEvent } from "./wire";

/**
 * One box for either id: a run's opens its page; an event's shows the runs it started (run and
 * event ids are both ULIDs, so the server is asked, run first).
 */
export const RunSearch = ({ onEvent }: { onEvent: (eventId: string) => void }) => {
  const [id, setId] = useState("");
  const [message, setMessage] = useState<string | null>(null);
  const messageId = useId();
  const missing = (e: unknown) => e instanceof ApiError && e.status === 404;
  const find = async (e: FormEvent) => {
    e.preventDefault();
    const wanted = id.trim();
    setMessage(null);
    if (wanted === "") return;
    const path = encodeURIComponent(wanted);
    try {
      await data<Run>("GET", `/v1/runs/${path}`);
      return go(`/runs/${path}`);
    } catch (thrown) {
      if (!missing(thrown)) return setMessage(String((thrown as Error).message));
    }
    try {
      await data<StoredEvent>("GET", `/v1/events/${path}`);
      onEvent(wanted);
    } catch (thrown) {
      setMessage(missing(thrown) ? `No run or event has the id ${wanted}.` : String(thrown));
    }
  };
  return (
    <form onSubmit={find} className="inline search">
      <label>
        Run or event id
        <input
          value={id}
          onChange={(e) => setId(e.target.value)}
          placeholder="01J…"
          aria-describedby={message === null ? undefined : messageId}
        />
      </label>
      <button type="submit">Find</button>
      {message !== null && (
        <p id={messageId} role="alert" className="error search-message">
          {message}
        </p>
      )}
    </form>
  );
};
