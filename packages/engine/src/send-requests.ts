import {
  type EventInput,
  type IngestRequest,
  type IngestResult,
  normalizeEvent,
  prepareEvents,
} from "@quell/core";
import type { SendOptions } from "./engine-api";

/** The dedupe key of the `index`-th event of a send seeded by the SDK (none without a seed). */
const seededKey = (seed: string | undefined, index: number): string | null =>
  seed === undefined ? null : `seed:${seed}:${index}`;

/**
 * What `send` ingests: the events validated (SPEC §5; a bad one throws, naming it), each with a
 * new internal id, received now, deduplicated by its own id or the SDK's seed.
 */
export const sendRequests = (
  events: EventInput | readonly EventInput[],
  options: SendOptions & { readonly maxEventBytes: number; readonly at: number },
  newId: () => string,
): IngestRequest[] =>
  prepareEvents(events, options.maxEventBytes).map((event, index) => {
    const internalId = newId();
    return {
      internalId,
      payload: normalizeEvent(event, internalId, options.at),
      dedupeKey: event.id ?? seededKey(options.idSeed, index),
      receivedAt: options.at,
    };
  });

/** The internal ids `send` answers: a duplicate's is the first event's. */
export const sentIds = (results: readonly IngestResult[]): string[] =>
  results.map((r) => (r._tag === "Ingested" ? r.event.internalId : r.internalId));
