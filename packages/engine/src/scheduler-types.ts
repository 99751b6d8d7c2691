import type { BoundaryContext, Logger, Run, RunInput, Store } from "@quell/core";
import type { Clock } from "./clock";
import type { CronFirer } from "./cron";
import type { ProcessEventsInput } from "./event-processor";
import type { FunctionHost } from "./function-host";
import type { LockKeeper } from "./lock-keeper";
import type { FunctionRegistry } from "./registry";
import type { Transaction } from "./transact";

// The scheduler's options and interface (`scheduler.ts` builds it).

export interface SchedulerOptions {
  readonly store: Store;
  readonly clock: Clock;
  /** In-process functions and synced apps': refreshed from the store at every tick. */
  readonly functions: FunctionRegistry;
  /** The host of remote functions (SDK apps). */
  readonly remote: FunctionHost | undefined;
  readonly logger: Logger;
  readonly concurrency: number;
  /** Monotonic ULIDs: ids made in the same millisecond still sort by creation. */
  readonly newId: () => string;
  /** The locks this process holds (the events lock), renewed while held. */
  readonly locks: LockKeeper;
  /** How long a claimed run stays with this process without a heartbeat. */
  readonly leaseMs: number;
  /** Look at the store at least this often, for work other processes added; none if undefined. */
  readonly pollMs: number | undefined;
  /** Cron triggers: their due ticks are ingested at the start of each tick. */
  readonly cron: CronFirer;
  /** In a partitioned deployment, the runs this engine creates (`ProcessEventsInput.owns`). */
  readonly owns?: ProcessEventsInput["owns"];
  /** Called at each tick with the active bulk cancellations (to resume orphaned sweeps). */
  readonly onBoundary?: (boundary: BoundaryContext) => void;
}

/** How an input is applied: with the run this process last saw. */
export interface ApplyOptions {
  readonly known?: Run | undefined;
  /** Commit only; the caller performs the actions itself (after processing events first). */
  readonly deferActions?: boolean;
}

export interface Scheduler {
  start(): void;
  stop(): Promise<void>;
  /** Process everything due now: pending events, due timers, expired leases, queued runs. */
  tick(): Promise<void>;
  /** Apply one input to one run (checked at step boundaries) and perform what it asks. */
  apply(
    runId: string,
    input: (run: Run) => RunInput | null,
    options?: ApplyOptions,
  ): Promise<Transaction | null>;
  idle(): Promise<void>;
  /** Reload paused functions and active bulk cancellations from the store. */
  refreshBoundary(): Promise<void>;
  /** Paused functions and active bulk cancellations as this process last saw them. */
  boundary(): BoundaryContext;
  /** Run background work (a bulk sweep) under the scheduler's tracking, so `idle` waits for it. */
  track(work: Promise<void>): void;
}
