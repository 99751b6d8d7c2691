import { Listener, Run, StoredEvent } from "@quell/core";
import { type Either, isLeft, left } from "fp-ts/lib/Either.js";
import * as t from "io-ts";
import { PathReporter } from "io-ts/lib/PathReporter.js";
import { RedisStoreError, type RedisStoreFailure } from "./errors";
import { expandStoredEvent } from "./event-form";
import {
  expandListener,
  expandRun,
  JSON_MAX_PIECES,
  RUN_HASH_COUNT,
  RUN_HASH_PIECES,
  RUN_HASH_WHOLE,
} from "./stored-form";

const failure = (errors: t.Errors): string => PathReporter.report(left(errors)).join("; ");

/** Decode a script's reply, or fail with `BadReply`. */
export const decodeReply = <A>(codec: t.Decoder<unknown, A>, what: string, reply: unknown): A => {
  const result = codec.decode(reply);
  if (isLeft(result)) {
    throw new RedisStoreError({ _tag: "BadReply", what, detail: failure(result.left) });
  }
  return result.right;
};

/** Parse and decode a stored JSON value with its core codec: a value, never a throw. */
export const parseStored = <A>(
  codec: t.Decoder<unknown, A>,
  what: string,
  text: string,
): Either<RedisStoreFailure, A> => {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return left({ _tag: "CorruptValue", what, detail: String(error) });
  }
  const result = codec.decode(json);
  return isLeft(result)
    ? left({ _tag: "CorruptValue", what, detail: failure(result.left) })
    : result;
};

/** A stored value, decoded; a corrupt one rejects the read with `RedisStoreError`. */
export const readStored = <A>(codec: t.Decoder<unknown, A>, what: string, text: string): A => {
  const result = parseStored(codec, what, text);
  if (isLeft(result)) throw new RedisStoreError(result.left);
  return result.right;
};

/** Several stored values, decoded in order. */
export const readAll = <A>(
  codec: t.Decoder<unknown, A>,
  what: string,
  texts: readonly string[],
): A[] => texts.map((text) => readStored(codec, what, text));

/**
 * The Run codec for a run's JSON in any stored form (`stored-form.ts`), completed with the
 * fields its hash keeps on their own (`runOwnFields`).
 */
export const StoredRun = (own: Readonly<Record<string, unknown>>): t.Decoder<unknown, Run> =>
  new t.Type<Run, unknown, unknown>(
    "Run",
    Run.is,
    (json, context) => {
      const run = expandRun(json, own);
      // What the store wrote passes `is` (no allocation); anything else is validated for its
      // errors' paths. `is` is 4 µs for a sleeping run where `validate` is 17.
      return Run.is(run) ? t.success(run) : Run.validate(run, context);
    },
    Run.encode,
  );

/**
 * The Listener codec for what the store wrote, in any stored form: `id` is the field of `l` the
 * JSON was read from, `shapes` the shapes its lookup answered (`stored-form.ts`).
 */
export const StoredListener = (
  id: string,
  shapes: ReadonlyMap<string, Readonly<Record<string, unknown>>>,
): t.Decoder<unknown, Listener> =>
  new t.Type<Listener, unknown, unknown>(
    "Listener",
    Listener.is,
    (json, context) => Listener.validate(expandListener(json, id, shapes), context),
    Listener.encode,
  );

/**
 * A run's JSON from the values of its hash's `RUN_HASH_FIELDS` (read as bytes): `j`, or its
 * pieces joined as bytes before decoding (a character of several bytes may be split between
 * two pieces); null when the hash has neither (no run, or one deleted meanwhile).
 */
export const runJson = (values: readonly (Buffer | null)[]): string | null => {
  const whole = values[RUN_HASH_WHOLE];
  if (whole != null) return whole.toString("utf8");
  const countText = values[RUN_HASH_COUNT];
  if (countText == null) return null;
  const count = Number(countText.toString("latin1"));
  const pieces = values.slice(RUN_HASH_PIECES, RUN_HASH_PIECES + count);
  if (!Number.isInteger(count) || count > JSON_MAX_PIECES || pieces.includes(null)) {
    const detail = `"n" is ${countText.toString("latin1")}: not the count of the pieces present`;
    throw new RedisStoreError({ _tag: "CorruptValue", what: "run", detail });
  }
  return Buffer.concat(pieces as Buffer[]).toString("utf8");
};

/** The StoredEvent codec for an event of the log in either stored form (`event-form.ts`). */
const StoredEventOf = (internalId: string): t.Decoder<unknown, StoredEvent> =>
  new t.Type<StoredEvent, unknown, unknown>(
    "StoredEvent",
    StoredEvent.is,
    (json, context) => StoredEvent.validate(expandStoredEvent(json, internalId), context),
    StoredEvent.encode,
  );

/** The event stored under `internalId`, from its JSON in the log. */
export const readEvent = (internalId: string, json: string): StoredEvent =>
  readStored(StoredEventOf(internalId), "event", json);

/** Events from a script's reply of ids and JSONs, alternating (`pendingEvents`, `listEvents`). */
export const readEvents = (idsAndJsons: readonly string[]): StoredEvent[] => {
  const events: StoredEvent[] = [];
  for (let i = 0; i + 1 < idsAndJsons.length; i += 2) {
    events.push(readEvent(idsAndJsons[i] as string, idsAndJsons[i + 1] as string));
  }
  return events;
};
