import type { Run } from "@quell/core";
import type { Redis } from "ioredis";
import { runJson } from "../../src/decode";
import { compactPayload } from "../../src/event-form";
import {
  JSON_MAX_PIECES,
  RUN_HASH_FIELDS,
  RUN_NAMES,
  runOwnFields,
  storedRunBody,
} from "../../src/stored-form";

/** The names of every piece a run's JSON may be stored in (`includes/putRunJson`). */
export const PIECE_FIELDS = Array.from({ length: JSON_MAX_PIECES }, (_, i) => `j${i}`);

/** The JSON a run hash holds, whole (`j`) or in pieces, or null when it has none. */
export const storedRunJson = async (client: Redis, key: string): Promise<string | null> =>
  runJson(await client.hmgetBuffer(key, ...RUN_HASH_FIELDS));

/**
 * Replace a run hash's JSON by `json` in field `j` alone, as every version before the pieces
 * stored it (the value then being longer than 64 bytes, the hash becomes a hash table).
 */
export const putWholeRunJson = async (client: Redis, key: string, json: string): Promise<void> => {
  await client.hdel(key, "n", ...PIECE_FIELDS);
  await client.hset(key, "j", json);
};

/**
 * A run's stored object with its trigger event (compact, `src/event-form.ts`), first: what the write script stores when the
 * event log does not hold the event (`includes/runJsonFor`).
 */
export const storedRun = (run: Run): Record<string, unknown> => ({
  [RUN_NAMES.event]: compactPayload(run.event, run.triggerEventId),
  ...storedRunBody(run),
});

/** The own fields of a run as its hash keeps them (`includes/putRun`). */
export const ownFieldsOf = (run: Run) =>
  runOwnFields(run.id, [
    String(run.version),
    run.state,
    run.functionId,
    run.triggerEventId,
    String(run.createdPos),
  ]);
