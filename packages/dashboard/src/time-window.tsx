// The time window of a listing (runs by creation, events by reception), as the URL keeps it:
// `window=1h` (the last hour, moving with the clock) or `window=between&after=…&before=…`.
// Times are typed and shown in UTC, as every time in the dashboard and the API is.

export const PRESETS = [
  ["15m", "Last 15 minutes", 15 * 60_000],
  ["1h", "Last hour", 3_600_000],
  ["24h", "Last 24 hours", 86_400_000],
  ["7d", "Last 7 days", 7 * 86_400_000],
] as const;

export interface TimeWindow {
  /** "" any time, a preset's key, or "between" (the bounds below). */
  readonly window: string;
  /** ISO times; "" for no bound. */
  readonly after: string;
  readonly before: string;
}

export const readWindow = (params: URLSearchParams): TimeWindow => {
  const after = params.get("after") ?? "";
  const before = params.get("before") ?? "";
  const window = params.get("window") ?? (after !== "" || before !== "" ? "between" : "");
  return { window, after, before };
};

/** The window as URL parameters (bounds only when it is "between"). */
export const windowParams = (w: TimeWindow): Record<string, string> =>
  w.window === "between"
    ? { window: "between", after: w.after, before: w.before }
    : { window: w.window };

/** The bounds to ask the API for, at `now` (a preset moves with the clock). */
export const windowBounds = (
  w: TimeWindow,
  now: number,
): { readonly after: string | null; readonly before: string | null } => {
  const preset = PRESETS.find(([key]) => key === w.window);
  if (preset !== undefined) return { after: new Date(now - preset[2]).toISOString(), before: null };
  if (w.window !== "between") return { after: null, before: null };
  return { after: w.after === "" ? null : w.after, before: w.before === "" ? null : w.before };
};

/** `2024-01-01T09:00:00.000Z` as a datetime-local input shows it (UTC, no zone). */
const toInput = (iso: string): string => {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return "";
  return new Date(ms)
    .toISOString()
    .replace(/\.000Z$/, "")
    .replace(/Z$/, "");
};

/** A datetime-local input's value, read as UTC; "" when empty or not a time. */
export const fromInput = (value: string): string => {
  if (value === "") return "";
  const ms = Date.parse(`${value}Z`);
  return Number.isNaN(ms) ? "" : new Date(ms).toISOString();
};

/** A date-time input typed and shown in UTC; its value is an ISO time, or "" for none. */
export const UtcInput = ({
  label,
  value,
  onChange,
}: {
  label: string;
  value: string;
  onChange: (iso: string) => void;
}) => (
  <label>
    {label}
    <input
      type="datetime-local"
      step="1"
      value={toInput(value)}
      onChange={(e) => onChange(fromInput(e.target.value))}
    />
  </label>
);

/** The "Time window" choice, and the two bounds when it is "Between…". */
export const TimeWindowFilter = ({
  value,
  onChange,
  noun,
}: {
  value: TimeWindow;
  /** What changed; the page merges it into the window the address holds now. */
  onChange: (changes: Partial<TimeWindow>) => void;
  /** What the bounds are on, e.g. "Created" or "Received". */
  noun: string;
}) => (
  <>
    <label>
      Time window
      <select value={value.window} onChange={(e) => onChange({ window: e.target.value })}>
        <option value="">Any time</option>
        {PRESETS.map(([key, text]) => (
          <option key={key} value={key}>
            {text}
          </option>
        ))}
        <option value="between">Between… (UTC)</option>
      </select>
    </label>
    {value.window === "between" && (
      <>
        <UtcInput
          label={`${noun} from (UTC)`}
          value={value.after}
          onChange={(after) => onChange({ after })}
        />
        <UtcInput
          label={`${noun} to (UTC)`}
          value={value.before}
          onChange={(before) => onChange({ before })}
        />
      </>
    )}
  </>
);
