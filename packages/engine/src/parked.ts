import { isStoreUnavailable } from "@quell/core";

/**
 * Work this process owns under a lease that failed only because the store was unavailable: a
 * claimed run to start, an execution's report to commit, a step's events to send. It is kept
 * and tried again at the next tick (ticks back off while the store is down), so a step that
 * ran during an outage is committed when the store is back instead of running again after its
 * lease expires. Retrying is safe: each attempt re-reads the run, and a report from an
 * execution whose lease was taken over is dropped (lease epoch, SPEC §7.10).
 */
export interface Parked {
  /**
   * Run `work`; if it fails because the store is unavailable (and the engine runs), keep it for
   * the next tick. `done` runs once the work went through, failed otherwise, or was dropped.
   */
  attempt(work: () => Promise<void>, done?: () => void): Promise<void>;
  /** Keep `work` for the next tick without trying it now, then as `attempt`. */
  park(work: () => Promise<void>): void;
  /** Try everything kept again, each as `attempt` does; the promises of those attempts. */
  retry(): Promise<void>[];
  readonly size: number;
  /** Forget everything kept (the engine stops): the leases expire and any process resumes. */
  drop(): void;
}

interface Item {
  readonly work: () => Promise<void>;
  readonly done: () => void;
}

const nothing = (): void => {};

export const createParked = (options: {
  readonly isRunning: () => boolean;
  /** Something was kept: make sure a tick comes. */
  readonly onPark: () => void;
}): Parked => {
  let items: Item[] = [];
  const attempt = async (work: () => Promise<void>, done: () => void = nothing): Promise<void> => {
    try {
      await work();
    } catch (error) {
      if (isStoreUnavailable(error) && options.isRunning()) {
        items.push({ work, done });
        options.onPark();
        return;
      }
      done();
      throw error;
    }
    done();
  };
  return {
    attempt,
    park: (work) => {
      items.push({ work, done: nothing });
      options.onPark();
    },
    retry: () => {
      const due = items;
      items = [];
      return due.map((item) => attempt(item.work, item.done));
    },
    get size() {
      return items.length;
    },
    drop: () => {
      const dropped = items;
      items = [];
      for (const item of dropped) item.done();
    },
  };
};
