import type { PruneRequest, PruneResult } from "../port";
import { bulkCancellationEndedAt, runEndedAt } from "../retention";
import { earliest, type StoreModel } from "./model";

const ended = <T>(items: Iterable<[string, T]>, endedAt: (item: T) => number | null) => {
  const entries: [string, number][] = [];
  for (const [id, item] of items) {
    const at = endedAt(item);
    if (at !== null) entries.push([id, at]);
  }
  return entries;
};

/**
 * `Store.prune` as the port states it, by scanning. Dedupe ids are forgotten when their window
 * closed at `now`; stores also forget them while ingesting, so that count is only compared
 * between stores that forget the same way.
 */
export const prune = (model: StoreModel, request: PruneRequest): PruneResult => {
  const { endedBefore, receivedBefore, now, limit } = request;
  const runs = earliest(ended(model.runs, runEndedAt), endedBefore, limit);
  for (const id of runs) {
    model.runs.delete(id);
    model.timers.delete(id);
    model.queue.delete(id);
    model.leases.delete(id);
  }
  const triggers = new Set([...model.runs.values()].map((run) => run.triggerEventId));
  const pending = new Set(model.pending.map((event) => event.internalId));
  const unneeded: [string, number][] = [];
  for (const event of model.events.values())
    if (!pending.has(event.internalId) && !triggers.has(event.internalId))
      unneeded.push([event.internalId, event.receivedAt]);
  const events = earliest(unneeded, receivedBefore, limit);
  for (const id of events) model.events.delete(id);
  const records = earliest(ended(model.bulk, bulkCancellationEndedAt), endedBefore, limit);
  for (const id of records) model.bulk.delete(id);
  const expired: [string, number][] = [];
  for (const [key, first] of model.dedupe)
    if (now - first.receivedAt >= model.dedupeWindowMs) expired.push([key, first.receivedAt]);
  const dedupeKeys = earliest(expired, Number.POSITIVE_INFINITY, limit);
  for (const key of dedupeKeys) model.dedupe.delete(key);
  return {
    runs: runs.length,
    events: events.length,
    bulkCancellations: records.length,
    dedupeKeys: dedupeKeys.length,
  };
};
