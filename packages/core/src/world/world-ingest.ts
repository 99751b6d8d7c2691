import type { EventInput } from "../codecs/event";
import { normalizeEvent } from "../events/normalize";
import type { World } from "./world";
import { appendEvent } from "./world-write";

export const DEDUPE_WINDOW_MS = 24 * 60 * 60 * 1000;

/**
 * Ingest validated events: each gets an internal id and the next position; an event whose `id`
 * was seen within 24 h is not ingested again, and its first internal id is returned (SPEC §5).
 */
export const ingestInWorld = (
  world: World,
  events: readonly EventInput[],
  newId: () => string,
): string[] =>
  events.map((event) => {
    const seen = event.id === undefined ? undefined : world.dedupe.get(event.id);
    if (seen !== undefined && world.now - seen.at < DEDUPE_WINDOW_MS) return seen.internalId;
    const internalId = newId();
    if (event.id !== undefined) world.dedupe.set(event.id, { internalId, at: world.now });
    appendEvent(world, {
      internalId,
      payload: normalizeEvent(event, internalId, world.now),
      dedupeKey: event.id ?? null,
      receivedAt: world.now,
    });
    return internalId;
  });
