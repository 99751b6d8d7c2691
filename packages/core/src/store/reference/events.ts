import type { StoredEvent } from "../../codecs/event";
import type { IngestRequest, IngestResult } from "../port";
import type { StoreModel } from "./model";

/** Some stored listener waits for events of this name (`IngestRequest.onlyForListeners`). */
const heard = (model: StoreModel, name: string): boolean => {
  for (const listener of model.listeners.values()) if (listener.event === name) return true;
  return false;
};

/**
 * `Store.ingest`: the next position for each new event; a user id seen within the window is a
 * duplicate; an internal id already stored is the same request again and changes nothing.
 */
export const ingest = (model: StoreModel, requests: readonly IngestRequest[]): IngestResult[] =>
  requests.map((request) => {
    const stored = model.events.get(request.internalId);
    if (stored !== undefined) return { _tag: "Ingested", event: stored };
    const first = request.dedupeKey === null ? undefined : model.dedupe.get(request.dedupeKey);
    if (first !== undefined && request.receivedAt - first.receivedAt < model.dedupeWindowMs) {
      return { _tag: "Duplicate", internalId: first.internalId };
    }
    const { internalId, receivedAt, payload } = request;
    model.seq += 1;
    const event: StoredEvent = { internalId, seq: model.seq, receivedAt, payload };
    model.events.set(internalId, event);
    if (request.onlyForListeners !== true || heard(model, payload.name)) model.pending.push(event);
    if (request.dedupeKey !== null) model.dedupe.set(request.dedupeKey, { internalId, receivedAt });
    return { _tag: "Ingested", event };
  });

export const pendingEvents = (model: StoreModel, limit: number): StoredEvent[] =>
  model.pending.slice(0, Math.max(0, limit));

export const markProcessed = (model: StoreModel, internalId: string): void => {
  const at = model.pending.findIndex((event) => event.internalId === internalId);
  if (at >= 0) model.pending.splice(at, 1);
};

export const getEvent = (model: StoreModel, internalId: string): StoredEvent | null =>
  model.events.get(internalId) ?? null;
