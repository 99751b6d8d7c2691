import type { EventInput } from "@quell/core";
import { EVENT_KEY } from "./quell-processes";

/** One answer of `POST /e/<key>`, with when it was sent. */
export interface IngestAnswer {
  readonly at: number;
  /** When the answer (or the failure) came. */
  readonly doneAt: number;
  /** 0: no HTTP answer at all (the server is gone). */
  readonly status: number;
  readonly retryAfter: string | null;
  readonly body: {
    readonly ids?: readonly string[];
    readonly error?: string;
    readonly status?: number;
  };
  readonly events: readonly EventInput[];
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A client that keeps ingesting, as a load generator does: `batch(n)` for n = 0, 1, … POSTed one
 * after another to `<url>/e/<key>`, `pauseMs` apart, until `stop()`. Every answer is kept.
 */
export const ingestLoad = (url: string, batch: (n: number) => EventInput[], pauseMs = 40) => {
  const answers: IngestAnswer[] = [];
  let stopped = false;
  const loop = (async () => {
    for (let n = 0; !stopped; n++) {
      const events = batch(n);
      const at = Date.now();
      try {
        const response = await fetch(`${url}/e/${EVENT_KEY}`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify(events),
        });
        const body = (await response.json()) as IngestAnswer["body"];
        const retryAfter = response.headers.get("retry-after");
        answers.push({ at, doneAt: Date.now(), status: response.status, retryAfter, body, events });
      } catch (error) {
        const body = { error: String(error) };
        answers.push({ at, doneAt: Date.now(), status: 0, retryAfter: null, body, events });
      }
      await pause(pauseMs);
    }
  })();
  return {
    answers,
    stop: async (): Promise<void> => {
      stopped = true;
      await loop;
    },
  };
};
