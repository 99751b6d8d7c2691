import { type ReactNode, useState } from "react";

/**
 * A button that asks before it acts: the first press shows what will happen and two buttons,
 * the second does it. Errors of the action are shown where it was asked.
 */
export const Confirm = ({
  label,
  question,
  confirmLabel,
  danger = false,
  children,
  onConfirm,
}: {
  label: string;
  question: string;
  confirmLabel: string;
  danger?: boolean;
  children?: ReactNode;
  onConfirm: () => Promise<unknown>;
}) => {
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  if (!asking) {
    return (
      <button type="button" className={danger ? "danger" : ""} onClick={() => setAsking(true)}>
        {label}
      </button>
    );
  }
  const act = async () => {
    setBusy(true);
    setError(null);
    try {
      await onConfirm();
      setAsking(false);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <fieldset className="card confirm">
      <legend>{question}</legend>
      {children}
      {error !== null && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <div className="actions">
        <button type="button" className={danger ? "danger" : ""} disabled={busy} onClick={act}>
          {confirmLabel}
        </button>
        <button type="button" className="secondary" onClick={() => setAsking(false)}>
          Back
        </button>
      </div>
    </fieldset>
  );
};
