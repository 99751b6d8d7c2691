import type { EventInput, EventPayload } from "../codecs/event";

/** The payload handlers and listeners see: `id` is the user's id or the internal one, `ts` defaults to receipt. */
export const normalizeEvent = (
  input: EventInput,
  internalId: string,
  receivedAt: number,
): EventPayload => ({
  name: input.name,
  data: input.data ?? {},
  id: input.id ?? internalId,
  ts: input.ts ?? receivedAt,
  user: input.user ?? {},
  ...(input.v !== undefined ? { v: input.v } : {}),
});
