import type { Store, StoredEvent } from "@quell/core";
import type { LockKeeper } from "./lock-keeper";

/** The lock that makes one process at a time process pending events, in ingestion order. */
export const EVENTS_LOCK = "events";

export interface PendingEventsOptions {
  readonly store: Store;
  /** Holds the lock, renewed while held. */
  readonly locks: LockKeeper;
  readonly batch: number;
  /** Process a batch of events, in ingestion order (see `processEvents`). */
  readonly process: (events: readonly StoredEvent[]) => Promise<void>;
  readonly isRunning: () => boolean;
}

export interface PendingEvents {
  /**
   * Process one batch of pending events under the lock. Null if there was none to process (or
   * the lock is elsewhere); otherwise the batch's marking as processed, still in flight, so the
   * caller can overlap it with its next phases (and must await it before letting the lock go).
   * `peeked`: the batch as the caller just read it (`store.pendingEvents`), saving the read.
   */
  step(peeked?: readonly StoredEvent[]): Promise<{ readonly marked: Promise<void> } | null>;
  /** Another process held the lock at the last step: try again soon. */
  readonly busy: boolean;
  /** Let go of the lock (at the end of a tick, so other processes get their turn). */
  release(): Promise<void>;
}

/**
 * Pending events, processed by one process at a time (SPEC R3: in ingestion order, so a cancel
 * event sees the run an earlier trigger created). The lock has a lease, renewed on a timer for
 * as long as it is held (a long batch keeps it), and let go at the end of each tick, so a
 * process that dies holding it delays the others by one lease at most.
 *
 * Events are peeked before the lock is taken and processed from that list: processing is
 * idempotent (a run's id derives from its event, cancelling twice changes nothing, a listener
 * accepts only events ingested after it), so the rare event another process handled in between
 * costs a little work and changes nothing.
 */
export const pendingEvents = (options: PendingEventsOptions): PendingEvents => {
  const { store, locks } = options;
  let busy = false;

  return {
    step: async (peeked) => {
      busy = false;
      const events = peeked ?? (await store.pendingEvents(options.batch));
      if (events.length === 0) return null;
      if (!(await locks.acquire(EVENTS_LOCK))) {
        busy = true;
        return null;
      }
      if (!options.isRunning()) return null;
      await options.process(events);
      // A process that dies before the marking lands leaves the batch pending: processing it
      // again is idempotent (see processEvents).
      const marked = Promise.all(events.map((event) => store.markProcessed(event.internalId)));
      return { marked: marked.then(() => undefined) };
    },
    get busy() {
      return busy;
    },
    release: () => locks.release(EVENTS_LOCK),
  };
};
