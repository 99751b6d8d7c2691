import type { FunctionHost } from "@quell/engine";
import { translateAnswer } from "./answer";
import { callRequest } from "./call-request";
import { canonicalBody, signature } from "./signature";

export interface RemoteHostOptions {
  /** Sign every call with this key (production); none in dev, where apps check nothing. */
  readonly signingKey?: string;
  /** How long one call may take before it fails as a retriable error (ms). */
  readonly timeoutMs: number;
  /** The clock used for `X-Inngest-Signature`'s time; default `Date.now`. */
  readonly now?: () => number;
}

/** 5 minutes: a step's code runs inside one call. */
export const DEFAULT_CALL_TIMEOUT_MS = 5 * 60_000;

const USER_AGENT = "quell";

/**
 * The host of remote functions: each execution is one HTTP call to the function's app, as the
 * official SDK expects (INNGEST-PROTOCOL.md §4), its answer translated into one op. A network
 * error, a timeout or an answer that is not JSON is a retriable error: the run is never lost.
 * A cancellation does not abort the call: a step in flight runs to completion in the app anyway,
 * and its answer is recorded as settled after the cancellation (SPEC §4.3).
 */
export const remoteHost = (options: RemoteHostOptions): FunctionHost => ({
  execute: async ({ fn, run, allowStep, now }) => {
    const request = callRequest(fn, run, allowStep);
    const step = allowStep === null ? null : { id: run.inFlight?.id ?? allowStep, hash: allowStep };
    const body = canonicalBody(request.body);
    const headers: Record<string, string> = {
      "content-type": "application/json",
      "user-agent": USER_AGENT,
      "x-inngest-server-kind": options.signingKey === undefined ? "dev" : "cloud",
    };
    if (options.signingKey !== undefined) {
      headers["x-inngest-signature"] = signature(
        body,
        options.signingKey,
        (options.now ?? Date.now)(),
      );
    }
    const started = performance.now();
    try {
      const response = await fetch(request.url, {
        method: "POST",
        headers,
        body,
        signal: AbortSignal.timeout(options.timeoutMs),
      });
      const text = await response.text();
      const retryAfter = response.headers.get("retry-after");
      // On the engine's clock: when the call began, plus how long it took.
      const answeredAt = now + Math.round(performance.now() - started);
      return translateAnswer(
        { status: response.status, retryAfter, body: text },
        { now, answeredAt, step },
      );
    } catch (error) {
      const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      const timedOut = error instanceof Error && error.name === "TimeoutError";
      const message = timedOut
        ? `the app did not answer within ${options.timeoutMs} ms (${request.url})`
        : `cannot reach the app at ${request.url}: ${reason}`;
      const failure = { name: "Error", message };
      return step === null
        ? { op: "RunError", error: failure, retriable: true }
        : { op: "StepError", ...step, error: failure, retriable: true };
    }
  },
});
