import {
  cancelledByEvent,
  type ListRunsFilter,
  type Run,
  type RunPage,
  runEndedAt,
} from "@quell/core";
import { ScheduleHeap } from "./heap";
import { Multimap } from "./multimap";
import { PackedRun, packRun, unpackRun } from "./packed-run";
import { restingRun } from "./resting-run";
import { RunConfigs } from "./run-configs";
import { decodeKeyCursor, encodeKeyCursor, SortedKeys, type TimeKey } from "./sorted-keys";

/** Page size when a filter names none. */
export const DEFAULT_PAGE_SIZE = 100;

/** What the store reads of a stored run on a write, whether packed or not. */
export type RunHeader = Pick<
  Run,
  "id" | "functionId" | "version" | "state" | "triggerEventId" | "createdPos" | "createdAt"
> & { readonly cancellation: Run["cancellation"] };

const keyOf = (run: RunHeader): TimeKey => ({ at: run.createdAt, id: run.id });

const readRun = (stored: Run | PackedRun): Run =>
  stored instanceof PackedRun ? unpackRun(stored) : stored;

/**
 * Runs by id, with the indexes `listRuns`, `runsForEvent` and `runsCancelledBy` need. A run at
 * rest is stored packed (`packRun`: a third of its heap) and read back as a new object; others
 * as an equal copy in one shape (`restingRun`), returned as stored. Either holds its function's
 * shared `fnConfig`. Callers treat runs as immutable values.
 */
export class RunTable {
  private readonly configs = new RunConfigs();
  private readonly runs = new Map<string, Run | PackedRun>();
  private readonly byTrigger = new Multimap<string>();
  /** Cancelling event → the runs whose cancellation record names it (`runsCancelledBy`). */
  private readonly byCanceller = new Multimap<string>();
  private readonly all = new SortedKeys();
  private readonly byFunction = new Map<string, SortedKeys>();
  /** Ended runs by `runEndedAt`, for retention. */
  private readonly ended = new ScheduleHeap();

  get size(): number {
    return this.runs.size;
  }

  get(id: string): Run | undefined {
    const stored = this.runs.get(id);
    return stored === undefined ? undefined : readRun(stored);
  }

  /** The stored run's header (what a write checks), without unpacking it. */
  header(id: string): RunHeader | undefined {
    return this.runs.get(id);
  }

  /**
   * Store a run over `previous` (its stored header, which the caller has already read), keeping
   * the indexes right even if its identity fields changed.
   */
  replace(previous: RunHeader | undefined, run: Run): void {
    const fnConfig = this.configs.share(run);
    this.runs.set(run.id, packRun(run, fnConfig) ?? restingRun(run, fnConfig));
    const endedAt = runEndedAt(run);
    if (endedAt !== null) this.ended.set(run.id, endedAt);
    else if (previous !== undefined) this.ended.delete(run.id);
    const canceller = cancelledByEvent(run);
    const previousCanceller = previous === undefined ? null : cancelledByEvent(previous);
    if (canceller !== previousCanceller) {
      if (previousCanceller !== null) this.byCanceller.delete(previousCanceller, run.id);
      if (canceller !== null) this.byCanceller.add(canceller, run.id);
    }
    if (previous === undefined) {
      this.indexOrder(run);
      this.byTrigger.add(run.triggerEventId, run.id);
      return;
    }
    if (previous.createdAt !== run.createdAt || previous.functionId !== run.functionId) {
      this.all.remove(keyOf(previous));
      this.byFunction.get(previous.functionId)?.remove(keyOf(previous));
      this.indexOrder(run);
    }
    if (previous.triggerEventId !== run.triggerEventId) {
      this.byTrigger.delete(previous.triggerEventId, run.id);
      this.byTrigger.add(run.triggerEventId, run.id);
    }
  }

  /** Whether any stored run was triggered by this event. */
  hasTrigger(internalId: string): boolean {
    return this.byTrigger.has(internalId);
  }

  /**
   * Delete up to `limit` runs that ended before `bound`, earliest end first, with their index
   * entries; returns them. Listing keys go in one pass per index, not one splice per run.
   */
  removeEnded(bound: number, limit: number): RunHeader[] {
    const removed: RunHeader[] = [];
    for (const id of this.ended.takeBefore(bound, limit)) {
      const run = this.runs.get(id);
      if (run === undefined) continue;
      this.runs.delete(id);
      this.byTrigger.delete(run.triggerEventId, id);
      const canceller = cancelledByEvent(run);
      if (canceller !== null) this.byCanceller.delete(canceller, id);
      removed.push(run);
    }
    if (removed.length === 0) return removed;
    const ids = new Set(removed.map((run) => run.id));
    this.all.removeIds(ids);
    for (const functionId of new Set(removed.map((run) => run.functionId)))
      this.byFunction.get(functionId)?.removeIds(ids);
    return removed;
  }

  forEvent(internalId: string): Run[] {
    return this.lookUp(this.byTrigger.get(internalId));
  }

  cancelledBy(internalId: string): Run[] {
    return this.lookUp(this.byCanceller.get(internalId));
  }

  /** Newest first (`createdAt` desc, then `id` desc); the cursor is the last key served. */
  list(filter: ListRunsFilter): RunPage {
    const limit = Math.max(1, Math.floor(filter.limit ?? DEFAULT_PAGE_SIZE));
    const keys =
      filter.functionId === undefined ? this.all : this.byFunction.get(filter.functionId);
    if (keys === undefined) return { runs: [], cursor: null };
    const states = filter.states === undefined ? null : new Set(filter.states);
    const scan = {
      after: filter.cursor === undefined ? null : decodeKeyCursor(filter.cursor),
      atMax: filter.createdBefore ?? Number.POSITIVE_INFINITY,
      atMin: filter.createdAfter ?? Number.NEGATIVE_INFINITY,
    };
    const runs: Run[] = [];
    for (const key of keys.descending(scan)) {
      const run = this.runs.get(key.id);
      if (run === undefined || (states !== null && !states.has(run.state))) continue;
      // One run past the page proves there is a next page, so the last page's cursor is null.
      const last = runs[limit - 1];
      if (last !== undefined) return { runs, cursor: encodeKeyCursor(keyOf(last)) };
      runs.push(readRun(run));
    }
    return { runs, cursor: null };
  }

  private lookUp(ids: readonly string[]): Run[] {
    const out: Run[] = [];
    for (const id of ids) {
      const run = this.runs.get(id);
      if (run !== undefined) out.push(readRun(run));
    }
    return out;
  }

  /** File the run in both orders (each keeps its own copy of the time and id, no key object). */
  private indexOrder(run: RunHeader): void {
    const key = keyOf(run);
    this.all.insert(key);
    let keys = this.byFunction.get(run.functionId);
    if (keys === undefined) {
      keys = new SortedKeys();
      this.byFunction.set(run.functionId, keys);
    }
    keys.insert(key);
  }
}
