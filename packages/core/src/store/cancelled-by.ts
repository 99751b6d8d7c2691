import type { Run } from "../codecs/run";

/**
 * The event a run's cancellation record names (`cancellation.event_id`), or null: the key of
 * the `Store.runsCancelledBy` index, one definition for every store.
 */
export const cancelledByEvent = (run: Pick<Run, "cancellation">): string | null =>
  run.cancellation?.event_id ?? null;
