import type { Listener } from "../../codecs/listener";
import type { Run } from "../../codecs/run";
import { cancelledByEvent } from "../cancelled-by";
import type { ListRunsFilter, RunPage, RunWrite, StoreError } from "../port";
import { ingest } from "./events";
import { keysetPage, newestFirst, type PageKey } from "./keyset-page";
import type { StoreModel } from "./model";

/** The run's creation position is the store's, whatever the write's run carries. */
const apply = (model: StoreModel, write: RunWrite, createdPos: number): void => {
  const runId = write.run.id;
  // Kept as given when it already carries the position (a commit of the stored run, as the
  // world's always are): the model checker's caches key on the stored object.
  model.runs.set(
    runId,
    write.run.createdPos === createdPos ? write.run : { ...write.run, createdPos },
  );
  for (const id of write.removeListeners) model.listeners.delete(id);
  // Read before the write's own events are appended: those count as earlier than the listener.
  const afterSeq = write.stampListenersAtCommit === true ? model.seq : undefined;
  for (const listener of write.addListeners)
    model.listeners.set(listener.id, afterSeq === undefined ? listener : { ...listener, afterSeq });
  if (write.timer === null) model.timers.delete(runId);
  else if (write.timer !== undefined) model.timers.set(runId, write.timer);
  if (write.enqueueAt !== undefined) model.queue.set(runId, write.enqueueAt);
  if (write.lease === null) model.leases.delete(runId);
  else if (write.lease !== undefined) model.leases.set(runId, write.lease);
  const released = write.releaseSingleton;
  if (released !== undefined && model.singletons.get(released) === runId)
    model.singletons.delete(released);
  ingest(model, write.emit);
};

/**
 * `Store.createRun`: the run, its side writes, its singleton slot and the next creation
 * position, at once; nothing if the run exists or its slot is held.
 */
export const createRun = (model: StoreModel, write: RunWrite): StoreError | null => {
  const runId = write.run.id;
  if (model.runs.has(runId)) return { _tag: "RunExists", runId };
  const slot = write.claimSingleton;
  if (slot !== undefined) {
    const holder = model.singletons.get(slot);
    if (holder !== undefined) return { _tag: "SingletonOccupied", runId, slot, holder };
    model.singletons.set(slot, runId);
  }
  model.lastCreatedPos += 1;
  apply(model, write, model.lastCreatedPos);
  return null;
};

/** `Store.commitRun`: applied only if the stored version is the one the writer read. */
export const commitRun = (
  model: StoreModel,
  write: RunWrite & { readonly expectedVersion: number },
): StoreError | null => {
  const runId = write.run.id;
  const stored = model.runs.get(runId);
  if (stored === undefined) return { _tag: "RunNotFound", runId };
  if (stored.version !== write.expectedVersion) {
    return {
      _tag: "VersionConflict",
      runId,
      expected: write.expectedVersion,
      actual: stored.version,
    };
  }
  apply(model, write, stored.createdPos);
  return null;
};

/** Runs list by creation: newest first. */
const runKey = (run: Run): PageKey => ({ at: run.createdAt, id: run.id });
const listOrder = newestFirst(runKey);

/** Every run the filter selects, in `listRuns` order (newest first). */
export const listAllRuns = (
  model: StoreModel,
  filter: Omit<ListRunsFilter, "cursor" | "limit">,
): Run[] =>
  [...model.runs.values()]
    .filter(
      (r) =>
        (filter.functionId === undefined || r.functionId === filter.functionId) &&
        (filter.states === undefined || filter.states.includes(r.state)) &&
        (filter.createdAfter === undefined || r.createdAt >= filter.createdAfter) &&
        (filter.createdBefore === undefined || r.createdAt <= filter.createdBefore),
    )
    .sort(listOrder);

/** `Store.listRuns`: keyset pages; the cursor names the last run served, so newer runs never shift a page. */
export const listRuns = (model: StoreModel, filter: ListRunsFilter): RunPage => {
  const page = keysetPage(listAllRuns(model, filter), runKey, filter.cursor, filter.limit);
  return { runs: page.items, cursor: page.cursor };
};

/** `Store.runsForEvent`, in creation order. */
export const runsForEvent = (model: StoreModel, internalId: string): Run[] =>
  [...model.runs.values()].filter((r) => r.triggerEventId === internalId);

/** `Store.runsCancelledBy`, in creation order. */
export const runsCancelledBy = (model: StoreModel, internalId: string): Run[] =>
  [...model.runs.values()].filter((r) => cancelledByEvent(r) === internalId);

/** `Store.findListeners`: the keyed listeners whose key the event has, and the unindexed ones. */
export const findListeners = (
  model: StoreModel,
  eventName: string,
  keyFor: (signature: string) => string | null,
): Listener[] =>
  [...model.listeners.values()].filter(
    (l) => l.event === eventName && (l.index === null || keyFor(l.index.signature) === l.index.key),
  );
