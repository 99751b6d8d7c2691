/** A time as the pages show it: ISO 8601 in UTC, as the API and the CLI show it. */
export const when = (iso: string | null): string =>
  iso === null ? "—" : new Date(iso).toISOString();

/** A duration in ms, short: `850 ms`, `12.3 s`, `4 min`, `2 h`, `3 d`. */
export const span = (ms: number): string => {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  if (ms < 3_600_000) return `${Math.round(ms / 60_000)} min`;
  if (ms < 86_400_000) return `${Math.round(ms / 3_600_000)} h`;
  return `${Math.round(ms / 86_400_000)} d`;
};

export const json = (value: unknown): string => JSON.stringify(value, null, 2);
