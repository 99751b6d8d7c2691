import type { StoreError } from "@quell/core";
import { type Either, left, right } from "fp-ts/lib/Either.js";
import * as t from "io-ts";

/** Reply codes of the write scripts, as in `src/lua/includes/codes.lua`: keep both the same. */
export const CODE = {
  OK: 0,
  RUN_NOT_FOUND: -1,
  VERSION_CONFLICT: -2,
  RUN_EXISTS: -3,
  CANCELLATION_CONFLICT: -4,
  SINGLETON_OCCUPIED: -5,
  KEYS_MISSING: -6,
  EVENT_NEEDED: -7,
} as const;

/**
 * The reply of every write script: a code, and the stored version on a conflict or the holder's
 * run id when a singleton slot is taken.
 */
export const WriteReply = t.union([
  // Before the one-element form: io-ts drops a tuple's extra elements, so it would match first.
  t.tuple([t.literal(CODE.OK), t.union([t.literal(0), t.literal(1)])]),
  t.tuple([t.literal(CODE.OK)]),
  t.tuple([t.literal(CODE.EVENT_NEEDED)]),
  t.tuple([t.literal(CODE.RUN_NOT_FOUND)]),
  t.tuple([t.literal(CODE.VERSION_CONFLICT), t.number]),
  t.tuple([t.literal(CODE.RUN_EXISTS)]),
  t.tuple([t.literal(CODE.CANCELLATION_CONFLICT)]),
  t.tuple([t.literal(CODE.SINGLETON_OCCUPIED), t.string]),
]);
export type WriteReply = t.TypeOf<typeof WriteReply>;

/** What a write was about, so an error code can name it. */
export type WriteSubject =
  | {
      readonly _tag: "Run";
      readonly runId: string;
      readonly expected: number;
      /** The singleton slot the write claims ("" none), named by `SingletonOccupied`. */
      readonly slot: string;
    }
  | { readonly _tag: "Bulk"; readonly id: string; readonly expected: number | null };

/**
 * The one place where script codes become the store's error union. A code that does not fit
 * the subject (a run code for a bulk write) is a broken script: it throws.
 */
export const toStoreResult = (
  reply: WriteReply,
  subject: WriteSubject,
): Either<StoreError, void> => {
  const [code] = reply;
  if (code === CODE.OK) return right(undefined);
  if (subject._tag === "Bulk" && code === CODE.CANCELLATION_CONFLICT) {
    return left({ _tag: "CancellationConflict", id: subject.id, expected: subject.expected });
  }
  if (subject._tag === "Run") {
    const { runId, expected } = subject;
    if (code === CODE.RUN_NOT_FOUND) return left({ _tag: "RunNotFound", runId });
    if (code === CODE.RUN_EXISTS) return left({ _tag: "RunExists", runId });
    if (reply[0] === CODE.VERSION_CONFLICT) {
      return left({ _tag: "VersionConflict", runId, expected, actual: reply[1] });
    }
    if (reply[0] === CODE.SINGLETON_OCCUPIED && subject.slot !== "") {
      return left({ _tag: "SingletonOccupied", runId, slot: subject.slot, holder: reply[1] });
    }
  }
  throw new RedisStoreError({ _tag: "BadReply", what: subject._tag, detail: `code ${code}` });
};

/**
 * Failures of the store itself, not of the caller's request: a reply or a stored value that
 * does not decode. The port has no place for them in `StoreError`, so reads reject with a
 * `RedisStoreError` carrying one of these values.
 */
export type RedisStoreFailure =
  | { readonly _tag: "BadReply"; readonly what: string; readonly detail: string }
  | { readonly _tag: "CorruptValue"; readonly what: string; readonly detail: string };

export class RedisStoreError extends Error {
  readonly _tag = "RedisStoreError";
  override readonly name = "RedisStoreError";
  constructor(readonly failure: RedisStoreFailure) {
    super(`${failure._tag} (${failure.what}): ${failure.detail}`);
  }
}

/**
 * The kind of a Redis error reply (`NOSCRIPT`, `WRONGTYPE`, …), or null. The protocol sends it
 * as the first upper-case word of the error string (RESP "simple errors") and ioredis keeps that
 * string as the message, so this reads a protocol field, not prose.
 */
export const replyErrorKind = (error: unknown): string | null =>
  error instanceof Error ? (/^[A-Z]+(?= |$)/.exec(error.message)?.[0] ?? null) : null;
