import type { Store, StoredEvent } from "@quell/core";
import type { Clock } from "./clock";
import type { CronFirer } from "./cron";
import type { PendingEvents } from "./pending-events";

/**
 * What a tick reads before each pass, both in one round trip: the pending events (peeked, as
 * `PendingEvents.step` would) and the store's next due time (timer, queue item or lease expiry).
 * A pass skips the phases the probe shows have nothing to do, and the last probe tells `rearm`
 * when to look again, so a tick with nothing left costs one read instead of a pass of them.
 */
export interface WorkProbe {
  readonly events: readonly StoredEvent[];
  readonly next: number | null;
}

export const probeWork = async (store: Store, batch: number): Promise<WorkProbe> => {
  const [events, next] = await Promise.all([store.pendingEvents(batch), store.nextDueAt()]);
  return { events, next };
};

export interface PassPhases {
  readonly clock: Clock;
  readonly cron: CronFirer;
  readonly events: PendingEvents;
  /** Apply `TimerFired` to the runs whose timer is due (one batch); true if there were any. */
  readonly fireTimers: () => Promise<boolean>;
  /** Take expired leases or queued runs, as many as there is room for; true if any. */
  readonly claim: (what: "expired" | "queued") => Promise<boolean>;
}

/**
 * One pass of a tick, in the reference model's order: a cron tick's event, the pending events
 * (an event decides before a timer due at the same time; a run cancelled right behind its
 * trigger never starts), due timers, expired leases, queued runs. Each phase overlaps its own
 * round trips, and marking the events processed overlaps the phases after them. Timers and
 * leases are looked at only when the probe saw something due; the queue also after events were
 * processed (they enqueue the runs they trigger). True if anything was done: the tick then
 * probes again.
 */
export const tickPass =
  (phases: PassPhases) =>
  async (probe: WorkProbe): Promise<boolean> => {
    const ticked = await phases.cron.fire();
    // With no pending events this reads nothing, and clears `busy`: a lock another process
    // held at an earlier pass is no reason to look again soon.
    const batch = await phases.events.step(ticked ? undefined : probe.events);
    try {
      const processed = batch !== null;
      const due = probe.next !== null && probe.next <= phases.clock.now();
      const fired = due && (await phases.fireTimers());
      const recovered = due && (await phases.claim("expired"));
      const claimed = (due || processed) && (await phases.claim("queued"));
      return ticked || processed || fired || recovered || claimed;
    } finally {
      // The batch's marking overlapped the phases after it; it lands before the lock is let go.
      await batch?.marked;
    }
  };
