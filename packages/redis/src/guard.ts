import type { Store } from "@quell/core";
import { isRight } from "fp-ts/lib/Either.js";
import type { Availability, Proof } from "./availability";
import { type Endpoint, toUnavailable } from "./unavailable";

type Methods = Omit<Store, "ping" | "watchWork">;
type Method = (...args: never[]) => Promise<unknown>;

/**
 * Results that show the server stored something new, so a full store has room again. Only
 * writes whose first write needs memory count: Redis (7, scripts without flags) checks `OOM`
 * at a script's first write and lets a script that already deleted something go on, so a
 * commit that starts by removing a listener can succeed on a full server and proves nothing.
 * A write that found nothing to do (a duplicate, a lock held by another) proves nothing either.
 */
const STORED: {
  readonly [K in keyof Methods]?: (result: Awaited<ReturnType<Methods[K]>>) => boolean;
} = {
  ingest: (results) => results.some((r) => r._tag === "Ingested"),
  putBulkCancellation: isRight,
  acquireLock: (taken) => taken,
};

/** One call, with its failure translated and its outcome told to `availability`. */
export const guardCall = async <A>(
  call: () => Promise<A>,
  proof: (result: A) => Proof,
  availability: Availability,
  endpoint: Endpoint,
): Promise<A> => {
  let result: A;
  const sentAt = availability.recoveries;
  try {
    result = await call();
  } catch (error) {
    const unavailable = toUnavailable(error, endpoint);
    if (unavailable === null) throw error;
    availability.failed(unavailable, sentAt);
    throw unavailable;
  }
  availability.succeeded(proof(result));
  return result;
};

/**
 * The store's methods, each rejecting with a `StoreUnavailableError` (port errors) instead of
 * ioredis' connection, timeout and `OOM` errors, and telling `availability` how each call went.
 * Other errors (a reply that does not decode, a broken script) pass through unchanged.
 */
export const guardStore = (
  methods: Methods,
  availability: Availability,
  endpoint: Endpoint,
): Methods => {
  const guarded: Record<string, Method> = {};
  for (const [name, method] of Object.entries(methods) as [keyof Methods, Method][]) {
    const stored = STORED[name] as ((result: unknown) => boolean) | undefined;
    const proof = (result: unknown): Proof => (stored?.(result) === true ? "stored" : "answered");
    guarded[name] = (...args) => guardCall(() => method(...args), proof, availability, endpoint);
  }
  return guarded as unknown as Methods;
};
