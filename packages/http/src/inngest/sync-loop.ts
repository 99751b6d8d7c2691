import * as t from "io-ts";

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

/** What the SDK answers a PUT: our register answer, relayed (INNGEST-PROTOCOL.md §3.2). */
const PutAnswer = t.partial({ message: t.string, modified: t.boolean });

const put = async (
  url: string,
  timeoutMs: number,
): Promise<{ state: string; modified: boolean }> => {
  try {
    const response = await fetch(url, {
      method: "PUT",
      headers: { "x-inngest-server-kind": "dev" },
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await response.text();
    let parsed: unknown = null;
    try {
      parsed = JSON.parse(text);
    } catch {
      // Not the SDK answering: reported below with the status.
    }
    const answer = PutAnswer.decode(parsed);
    const message = answer._tag === "Right" ? answer.right.message : undefined;
    if (response.ok && answer._tag === "Right") {
      return { state: "synced", modified: answer.right.modified === true };
    }
    return {
      state: `sync refused (${response.status}): ${message ?? text.slice(0, 200)}`,
      modified: false,
    };
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code;
    const reason = cause ?? (error instanceof Error ? error.message : String(error));
    return { state: `unreachable (${reason})`, modified: false };
  }
};

/**
 * Sync SDK apps by their serve URLs, as `quell dev -u` and `quell start -u` do: the SDK never
 * registers by itself, so Quell sends `PUT <serve URL>` and the app posts its config to
 * `POST /fn/register` (out-of-band sync). At start, then every `intervalMs`: an app that was
 * down is synced when it comes back, and one that restarted with other functions is re-synced
 * (a sync that changes nothing writes nothing).
 */
export const startSyncLoop = (options: SyncLoopOptions): SyncLoop => {
  const states = new Map<string, string>();
  const timeoutMs = options.timeoutMs ?? 30_000;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;
  let round: Promise<void> | null = null;

  const syncOne = async (url: string): Promise<void> => {
    const { state, modified } = await put(url, timeoutMs);
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
