import type { IngestRequest, RunWrite, Store, StoredEvent } from "@quell/core";
import { partitionOfId } from "./partition-of";

/** An event as another partition ingests it: the same internal id, never deduplicated again. */
export const copyOf = (event: StoredEvent): IngestRequest => ({
  internalId: event.internalId,
  payload: event.payload,
  dedupeKey: null,
  receivedAt: event.receivedAt,
});

/** How many emitted events the relay remembers as consumable by listeners only. */
const REMEMBERED = 65_536;

/**
 * Partition `index`'s store as its engine uses it: the store itself, except that the events
 * that start in this partition (the ones whose internal id falls in it: events its runs emit,
 * `step.sendEvent`'s, its cron ticks, and the user events ingested here first) reach every
 * other partition. An event is copied to the others when this partition marks it processed,
 * then marked: a process that dies in between leaves it pending, and the engine that takes
 * over processes and copies it again (a copy of an internal id a store holds changes
 * nothing). So every event reaches every partition at least once, and a partition's copies
 * arrive in the order this one processed them. `copied` then tells this process's engines of
 * the partitions that got them (a store shared by processes tells the others: `watchWork`).
 * Events its runs emit are stored pending, even those only a listener could consume
 * (`onlyForListeners`), since a listener may be in another partition; their copies are then
 * ingested `onlyForListeners` (a partition where nothing listens stores its copy processed).
 * That is remembered in this process only: where another process processes the event (it held
 * the partition's events lock) or takes over a dead one's, the copies are pending, which is
 * always safe.
 */
export const relayStore = (
  stores: readonly Store[],
  index: number,
  /** Partition `k` got copies: its engine in this process should look now. */
  copied: (k: number) => void,
  /**
   * A copy of an event of this name may be ingested `onlyForListeners` (`ownership.ts`,
   * `copiedForListenersOnly`): a partition where nothing listens to it stores it processed.
   */
  forListenersOnly: (name: string) => boolean,
): Store => {
  const own = stores[index];
  if (own === undefined) throw new RangeError(`no partition ${index} of ${stores.length}`);
  const others = [...stores.keys()].filter((k) => k !== index);
  const startsHere = (internalId: string): boolean =>
    partitionOfId(internalId, stores.length) === index;
  /** Emitted events written `onlyForListeners`, by internal id, until copied. */
  const listenersOnly = new Set<string>();
  /** The write, with every event it emits pending (so it is relayed when processed). */
  const pendingEmits = <W extends RunWrite>(write: W): W => {
    if (!write.emit.some((event) => event.onlyForListeners === true)) return write;
    // A write that never lands leaves its ids here: forget them all now and then (their
    // copies are then pending, as for a process that took over).
    if (listenersOnly.size >= REMEMBERED) listenersOnly.clear();
    for (const event of write.emit)
      if (event.onlyForListeners === true) listenersOnly.add(event.internalId);
    return { ...write, emit: write.emit.map((event) => ({ ...event, onlyForListeners: false })) };
  };
  const overrides: Partial<Store> = {
    createRun: (write) => own.createRun(pendingEmits(write)),
    commitRun: (write) => own.commitRun(pendingEmits(write)),
    markProcessed: async (internalId) => {
      if (startsHere(internalId)) {
        const event = await own.getEvent(internalId);
        if (event !== null) {
          const copy =
            listenersOnly.delete(internalId) || forListenersOnly(event.payload.name)
              ? { ...copyOf(event), onlyForListeners: true }
              : copyOf(event);
          await Promise.all(others.map((k) => stores[k]?.ingest([copy])));
          for (const k of others) copied(k);
        }
      }
      await own.markProcessed(internalId);
    },
  };
  return new Proxy(own, {
    get: (target, property, receiver) => {
      const override = overrides[property as keyof Store];
      if (override !== undefined) return override;
      const value = Reflect.get(target, property, receiver);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
};
