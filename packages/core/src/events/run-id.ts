import { sha256 } from "@noble/hashes/sha2.js";
import { utf8ToBytes } from "@noble/hashes/utils.js";
import { encodeTime } from "ulid";
import type { StoredEvent } from "../codecs/event";

const FORTY_BITS = 2 ** 40;
const TIME_MAX = 2 ** 48 - 1;

/** A whole number of ms that a ULID's time part can hold. */
const ulidTime = (ms: number): number => Math.min(TIME_MAX, Math.max(0, Math.floor(ms)));

/**
 * The id of the run an event triggers for a function: a ULID computed from the event, so
 * processing the same event twice (a crash between creating the run and marking the event
 * processed, or two processes) names the same run and the second `createRun` answers
 * `RunExists` instead of creating a twin.
 *
 * Time part: the event's `receivedAt`. The 80 "random" bits: 40 bits of the event's position in
 * the ingestion order, then 40 bits of SHA-256 over (internal id, function slug). Runs that
 * events received in the same millisecond therefore list in ingestion order, as runs named by
 * a monotonic ULID factory would, and two functions triggered by one event get different ids.
 *
 * @example
 * eventRunId(storedEvent, "newsletter-app-import-all-contacts"); // "01HMRMPE5Z0000000001K3V9QD2M"
 */
export const eventRunId = (
  event: Pick<StoredEvent, "internalId" | "seq" | "receivedAt">,
  slug: string,
): string => {
  const digest = sha256(utf8ToBytes(`${event.internalId}\u0000${slug}`));
  let bits = 0;
  for (let i = 0; i < 5; i++) bits = bits * 256 + (digest[i] ?? 0);
  return (
    encodeTime(ulidTime(event.receivedAt), 10) +
    encodeTime(event.seq % FORTY_BITS, 8) +
    encodeTime(bits, 8)
  );
};
