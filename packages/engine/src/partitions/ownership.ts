import {
  type EngineFunction,
  eventRunId,
  SCHEDULED_TIMER,
  type StoredEvent,
  singletonSlot,
} from "@quell/core";
import { storableProcessed } from "../system-event-routing";
import { partitionOf, partitionOfId } from "./partition-of";

/** Which of a partitioned deployment's partitions this engine is (`createPartitionedEngine`). */
export interface EnginePartition {
  readonly index: number;
  readonly count: number;
}

/**
 * The partition that creates the run of `fn` an event triggers (every partition holds the
 * event, one creates the run):
 * - a singleton function's run: its slot's partition, so the slot's check stays in one store
 *   write (SPEC §7.8);
 * - a cron function's run: the function's partition, where its ticks are fired and its newest
 *   run is looked up;
 * - any other run: its id's partition (`eventRunId`), so `getRun` looks there first.
 */
export const triggerPartition = (event: StoredEvent, fn: EngineFunction, count: number): number => {
  const slot = singletonSlot(fn, event.payload);
  if (slot._tag === "Slot") return partitionOf(slot.slot, count);
  if (event.payload.name === SCHEDULED_TIMER && fn.triggers.some((t) => t._tag === "Cron")) {
    return partitionOf(fn.slug, count);
  }
  return partitionOfId(eventRunId(event, fn.slug), count);
};

/** Whether `partition` creates the run of `fn` the event triggers. */
export const ownsTrigger =
  (partition: EnginePartition) =>
  (event: StoredEvent, fn: EngineFunction): boolean =>
    triggerPartition(event, fn, partition.count) === partition.index;

/** Whether `partition` fires the cron ticks of the function `slug`. */
export const ownsCron =
  (partition: EnginePartition) =>
  (slug: string): boolean =>
    partitionOf(slug, partition.count) === partition.index;

/**
 * Whether another partition may store its copy of an event of this name already processed
 * when nothing there listens to it yet: `storableProcessed`, taking every
 * `inngest/function.cancelled` for one an invoked child may be owed. (The relay knows better
 * for the events this process's runs emitted: their writes said whether only a listener can
 * consume them, `relay-store.ts`; this answers for the others, a dead process's say.)
 */
export const copiedForListenersOnly = (
  functions: ReadonlyMap<string, EngineFunction>,
  name: string,
): boolean => storableProcessed(functions, name, true);
