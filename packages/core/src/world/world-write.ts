import type { Run } from "../codecs/run";
import type { IngestRequest, RunWrite } from "../store/port";
import type { World } from "./world";

/** Append an event to the ingestion log: the next position, pending until processed. */
export const appendEvent = (world: World, request: IngestRequest): void => {
  world.seq += 1;
  const stored = {
    internalId: request.internalId,
    seq: world.seq,
    receivedAt: request.receivedAt,
    payload: request.payload,
  };
  world.events.set(stored.internalId, stored);
  world.pending.push(stored);
};

/** Apply one run write, everything at once (the reference for a store's atomic write). */
export const applyWrite = (world: World, write: RunWrite): void => {
  const { run } = write;
  for (const id of write.removeListeners) world.listeners.delete(id);
  for (const listener of write.addListeners) world.listeners.set(listener.id, listener);
  if (write.timer === null) world.timers.delete(run.id);
  else if (write.timer !== undefined) world.timers.set(run.id, write.timer);
  if (write.enqueueAt !== undefined) world.queue.set(run.id, write.enqueueAt);
  for (const event of write.emit) appendEvent(world, event);
  world.runs.set(run.id, run);
};

const recordRunForEvent = (world: World, run: Run): void => {
  const list = world.runsByEvent.get(run.triggerEventId) ?? [];
  list.push(run.id);
  world.runsByEvent.set(run.triggerEventId, list);
};

/**
 * Create a run, as a store's `createRun` does: it takes the next creation position in the same
 * atomic write. Returns the run as stored.
 */
export const createRunInWorld = (world: World, write: RunWrite): Run => {
  world.lastCreatedPos += 1;
  const run: Run = { ...write.run, createdPos: world.lastCreatedPos };
  applyWrite(world, { ...write, run });
  recordRunForEvent(world, run);
  return run;
};
