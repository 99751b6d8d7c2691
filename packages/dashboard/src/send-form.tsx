import { type FormEvent, useId, useState } from "react";
import { request } from "./api";

const parse = (text: string): { ok: true; value: unknown } | { ok: false; error: string } => {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (e) {
    return { ok: false, error: e instanceof Error ? e.message : String(e) };
  }
};

/** Send one event to `/e/dev` (any key works in `quell dev`), its data checked as you type. */
export const SendForm = ({ onSent }: { onSent: (ids: string[]) => void }) => {
  const [name, setName] = useState("tasks/reminder.created");
  const [text, setText] = useState(
    '{\n  "userId": "user_123",\n  "reminderId": "reminder_1",\n  "remindAt": "2030-01-01T09:00:00Z"\n}',
  );
  const [error, setError] = useState<string | null>(null);
  const errorId = useId();
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
          aria-describedby={parsed.ok ? undefined : errorId}
          rows={6}
        />
      </label>
      {!parsed.ok && (
        <p id={errorId} className="error data-error" role="alert">
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
