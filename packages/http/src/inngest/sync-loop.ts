import { type PutResult, putServeUrl } from "./put-serve-url";

export interface SyncLoopOptions {
  /** The apps' serve URLs (`-u`), one per SDK client. */
  readonly urls: readonly string[];
  /** How often to sync each again, so an app that restarted (maybe with new code) is synced. */
  readonly intervalMs: number;
  /** How long one PUT may take. */
  readonly timeoutMs?: number;
  /** Where a change of an app's sync state is told (one line each). */
  readonly log: (line: string) => void;
}

export interface SyncLoop {
  /** One round now: PUT every URL; resolves when each answered or failed. */
  syncNow(): Promise<void>;
  stop(): void;
}

/**
 * Sync SDK apps by their serve URLs, as `quell dev -u` and `quell start -u` do: the SDK never
 * registers by itself, so Quell sends `PUT <serve URL>` and the app posts its config to
 * `POST /fn/register` (out-of-band sync). At start, then every `intervalMs`: an app that was
 * down is synced when it comes back, and one that restarted with other functions is re-synced
 * (a sync that changes nothing writes nothing).
 */
const describePut = (result: PutResult): string =>
  result._tag === "Synced"
    ? "synced"
    : result._tag === "Refused"
      ? `sync refused (${result.status}): ${result.message}`
      : `unreachable (${result.reason})`;

export const startSyncLoop = (options: SyncLoopOptions): SyncLoop => {
  const states = new Map<string, string>();
  const timeoutMs = options.timeoutMs ?? 30_000;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;
  let round: Promise<void> | null = null;

  const syncOne = async (url: string): Promise<void> => {
    const result = await putServeUrl(url, timeoutMs);
    const state = describePut(result);
    const modified = result._tag === "Synced" && result.modified;
    if (states.get(url) !== state || modified) {
      options.log(`app ${url}: ${state}${modified ? " (functions changed)" : ""}`);
    }
    states.set(url, state);
  };

  const syncNow = (): Promise<void> => {
    round ??= Promise.all(options.urls.map(syncOne)).then(() => {
      round = null;
    });
    return round;
  };

  const loop = (): void => {
    if (stopped) return;
    void syncNow().then(() => {
      if (!stopped) timer = setTimeout(loop, options.intervalMs);
    });
  };
  loop();

  return {
    syncNow,
    stop: () => {
      stopped = true;
      if (timer !== undefined) clearTimeout(timer);
    },
  };
};
