import type { EngineFunction, Store } from "@quell/core";
import type { Clock } from "../clock";
import type { LockKeeper } from "../lock-keeper";
import type { Scheduler } from "../scheduler-types";

/** What the operations need from the engine. */
export interface OperationsContext {
  readonly store: Store;
  readonly clock: Clock;
  /** Every function the engine runs now (in-process and synced apps'). */
  readonly functions: ReadonlyMap<string, EngineFunction>;
  readonly scheduler: Scheduler;
  readonly newId: () => string;
  /** Runs a bulk sweep cancels per batch. */
  readonly batchSize: number;
  /** Holds a sweep's lock, renewed while held. */
  readonly locks: LockKeeper;
  /** False in an API-only process: it records bulk cancellations, workers sweep them. */
  readonly workers: boolean;
  /** Bulk cancellations this process is sweeping now. */
  readonly sweeping: Set<string>;
}

/** Every run of a function matching a filter, page by page (newest first). */
export async function* allRuns(
  store: Store,
  filter: Parameters<Store["listRuns"]>[0],
): AsyncGenerator<Awaited<ReturnType<Store["getRun"]>> & object> {
  let cursor: string | null = null;
  do {
    const page: Awaited<ReturnType<Store["listRuns"]>> = await store.listRuns({
      ...filter,
      ...(cursor !== null ? { cursor } : {}),
      limit: 200,
    });
    for (const run of page.runs) yield run;
    cursor = page.cursor;
  } while (cursor !== null);
}
