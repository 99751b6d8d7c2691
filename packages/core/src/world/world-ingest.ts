import type { EventInput } from "../codecs/event";
import { normalizeEvent } from "../events/normalize";
import { ingest } from "../store/reference/events";
import type { World } from "./world";

/**
 * Ingest validated events, as the engine does: each gets an internal id, and the store gives it
 * the next position, or answers the first internal id of an event whose `id` it saw within 24 h
 * (SPEC §5).
 */
export const ingestInWorld = (
  world: World,
  events: readonly EventInput[],
  newId: () => string,
): string[] =>
  ingest(
    world,
    events.map((event) => {
      const internalId = newId();
      return {
        internalId,
        payload: normalizeEvent(event, internalId, world.now),
        dedupeKey: event.id ?? null,
        receivedAt: world.now,
      };
    }),
  ).map((result) => (result._tag === "Ingested" ? result.event.internalId : result.internalId));
