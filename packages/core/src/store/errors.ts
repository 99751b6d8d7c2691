/**
 * Why a store cannot serve a request right now. Each is transient from the caller's point of
 * view: the same request may succeed later, so loops retry and the HTTP edge answers 503.
 *
 * - `unreachable`: no connection (refused, reset, DNS, the client gave up reconnecting);
 * - `timeout`: connected, but no answer in time (a frozen or overloaded server);
 * - `full`: the store refuses writes for lack of memory or disk (Redis `OOM`);
 * - `refusing`: it answers but refuses for another reason (loading its data, cannot persist,
 *   a read-only replica, a script that will not end).
 */
export type StoreUnavailableReason = "unreachable" | "timeout" | "full" | "refusing";

/**
 * The one error a store adapter raises for an infrastructure failure, whatever its backend:
 * adapters translate their connection-class errors into it, so the runtime and the HTTP edge
 * decide on `_tag` and `reason`, never on a backend's messages. Nothing in the request was
 * wrong; whether a write that failed this way landed is unknown (a timeout may hide a write
 * that the server performs later), which is why every write is versioned or idempotent.
 */
export class StoreUnavailableError extends Error {
  readonly _tag = "StoreUnavailable";
  override readonly name = "StoreUnavailableError";
  constructor(
    readonly reason: StoreUnavailableReason,
    /** Which store, e.g. `redis 127.0.0.1:6379`. */
    readonly store: string,
    /** What went wrong, in words, e.g. `connection refused (ECONNREFUSED)`. */
    readonly detail: string,
    options?: { readonly cause?: unknown },
  ) {
    super(`store unavailable: ${store}: ${detail}`, options);
  }
}

/** True for a `StoreUnavailableError` (by tag, so it holds across copies of this module). */
export const isStoreUnavailable = (error: unknown): error is StoreUnavailableError =>
  typeof error === "object" &&
  error !== null &&
  (error as { readonly _tag?: unknown })._tag === "StoreUnavailable";
