import * as t from "io-ts";

/** What the SDK answers a PUT: our register answer, relayed (INNGEST-PROTOCOL.md §3.2). */
const PutAnswer = t.partial({ message: t.string, modified: t.boolean });

/**
 * How a `PUT <serve URL>` ended: the app synced (`modified` when its functions changed), it
 * answered something else (the SDK relaying a refused sync, or not an SDK at all), or it did not
 * answer.
 */
export type PutResult =
  | { readonly _tag: "Synced"; readonly modified: boolean }
  | { readonly _tag: "Refused"; readonly status: number; readonly message: string }
  | { readonly _tag: "Unreachable"; readonly reason: string };

/**
 * Ask an SDK app to sync: `PUT <serve URL>`, after which the SDK posts its config to
 * `POST /fn/register` and relays our answer. Used by the `-u` sync loop and by
 * `POST /v1/apps/:id/resync`.
 */
export const putServeUrl = async (url: string, timeoutMs: number): Promise<PutResult> => {
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
    if (response.ok && answer._tag === "Right") {
      return { _tag: "Synced", modified: answer.right.modified === true };
    }
    const message = answer._tag === "Right" ? answer.right.message : undefined;
    return { _tag: "Refused", status: response.status, message: message ?? text.slice(0, 200) };
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code;
    return {
      _tag: "Unreachable",
      reason: cause ?? (error instanceof Error ? error.message : String(error)),
    };
  }
};
