import { type PruneRequest, type PruneResult, runEndedAt } from "@quell/core";
import type { ReferenceStore } from "./reference";

/** Earliest first: time, then id (a sorted set's order: score, then member). */
const byTimeThenId = (a: [string, number], b: [string, number]): number =>
  a[1] - b[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);

const earliest = (items: [string, number][], bound: number, limit: number): string[] =>
  items
    .filter(([, at]) => at < bound)
    .sort(byTimeThenId)
    .slice(0, Math.max(0, limit))
    .map(([id]) => id);

/**
 * `Store.prune` as the port states it, by scanning (bulk cancellations are left to the caller:
 * the reference store does not hold them). Dedupe ids are forgotten when their window closed
 * at `now`; stores also forget them while ingesting, so only the first three counts compare.
 */
export const referencePrune = (
  ref: ReferenceStore,
  request: PruneRequest,
): Omit<PruneResult, "bulkCancellations"> => {
  const { endedBefore, receivedBefore, now, limit } = request;
  const ended: [string, number][] = [];
  for (const run of ref.runs.values()) {
    const at = runEndedAt(run);
    if (at !== null) ended.push([run.id, at]);
  }
  const runs = earliest(ended, endedBefore, limit);
  for (const id of runs) {
    ref.runs.delete(id);
    ref.timers.delete(id);
    ref.queue.delete(id);
    ref.leases.delete(id);
  }
  const triggers = new Set([...ref.runs.values()].map((run) => run.triggerEventId));
  const unneeded = ref.events
    .filter((e) => ref.processed.has(e.internalId) && !triggers.has(e.internalId))
    .map((e): [string, number] => [e.internalId, e.receivedAt]);
  const events = new Set(earliest(unneeded, receivedBefore, limit));
  ref.events.splice(0, ref.events.length, ...ref.events.filter((e) => !events.has(e.internalId)));
  for (const id of events) ref.processed.delete(id);
  const expired = [...ref.firstSeen.entries()]
    .filter(([, first]) => now - first.receivedAt >= ref.dedupeWindowMs)
    .map(([key, first]): [string, number] => [key, first.receivedAt]);
  const dedupeKeys = earliest(expired, Number.POSITIVE_INFINITY, limit);
  for (const key of dedupeKeys) ref.firstSeen.delete(key);
  return { runs: runs.length, events: events.size, dedupeKeys: dedupeKeys.length };
};
