import {
  atStepBoundary,
  type BoundaryContext,
  type BulkCancellation,
  isStoreUnavailable,
  type Run,
  type RunAction,
  type RunInput,
  renewalInterval,
} from "@quell/core";
import { processEvents } from "./event-processor";
import { type ExecutionAbort, type Report, runExecution, sendStepEvents } from "./executions";
import { failureLog, tickRetry } from "./failures";
import { commitWithNext as foldedCommits } from "./fold";
import { holdLandedLease, holdLeases } from "./lease-holds";
import { createLeaseKeeper } from "./lease-keeper";
import { createParked } from "./parked";
import { pendingEvents } from "./pending-events";
import type { ApplyOptions, Scheduler, SchedulerOptions } from "./scheduler-types";
import { probeWork, tickPass } from "./tick-pass";
import { type Transaction, transact } from "./transact";
import { landed } from "./uncertain";

const BATCH = 256;

/**
 * The engine's loop. Ticks run one at a time; executions run concurrently (up to
 * `concurrency`) and kick a tick when they report. Between ticks it sleeps on the clock until
 * the next cron tick or the store's next due timer, queue item or lease expiry (or `pollMs`, when several processes
 * share the store). Runs it claims are leased to it; a heartbeat renews the leases while it
 * executes them, and any process recovers the runs of a process that stopped renewing.
 *
 * A tick that fails (the store is unavailable) is tried again on the clock, backing off; work
 * this process owns that failed the same way waits in `parked` and is retried with each tick.
 */
export const createScheduler = (options: SchedulerOptions): Scheduler => {
  const { store, clock, functions, remote, logger, newId, leaseMs } = options;
  const inFlight = new Set<Promise<void>>();
  const controllers = new Map<string, Set<ExecutionAbort>>();
  /** Abort every execution of a run in progress here (several while parallel steps run). */
  const abortRun = (runId: string, reason: string): void => {
    for (const controller of controllers.get(runId) ?? []) controller.abort(new Error(reason));
  };
  let running = false;
  let chain: Promise<void> = Promise.resolve();
  let queuedTick: Promise<void> | null = null;
  let cancelTimer: (() => void) | null = null;
  let unwatch: (() => void) | undefined;
  const executionFailures = failureLog(logger, "quell: execution failed unexpectedly");
  let boundary: BoundaryContext = { paused: new Set(), bulk: [] };

  const keeper = createLeaseKeeper({
    store,
    clock,
    logger,
    leaseMs,
    abort: abortRun,
  });

  const events = pendingEvents({
    store,
    locks: options.locks,
    batch: BATCH,
    isRunning: () => running,
    process: (batch) =>
      processEvents({
        store,
        functions: functions.map(),
        events: batch,
        now: () => clock.now(),
        apply,
        paused: boundary.paused,
        owns: options.owns,
      }),
  });

  const refreshBoundary = async (): Promise<void> => {
    const [paused, records] = await Promise.all([
      store.pausedFunctions(),
      store.listBulkCancellations(),
      functions.refresh(),
    ]);
    const bulk: BulkCancellation[] = records.filter((r) => r.status === "running" && !r.dry_run);
    boundary = { paused, bulk };
  };

  const track = (work: Promise<void>): void => {
    const tracked = work
      .catch((error: unknown) => {
        executionFailures.report(error);
        // Background work the store failed (a bulk sweep) is resumed by a tick: make one come.
        if (isStoreUnavailable(error)) retry.arm();
      })
      .finally(() => inFlight.delete(tracked));
    inFlight.add(tracked);
  };

  const retry = tickRetry({
    clock,
    logger,
    isRunning: () => running,
    wake: async () => {
      await tick();
      await idle();
    },
  });
  const parked = createParked({ isRunning: () => running, onPark: retry.arm });

  /** Perform what a commit asked for; `run` is the run as committed. */
  const perform = (run: Run, actions: readonly RunAction[]): void => {
    for (const action of actions) {
      if (action._tag === "AbortStep") {
        abortRun(run.id, "run cancelled");
        continue;
      }
      if (action._tag === "ReleaseLease") {
        track(parked.attempt(() => store.releaseLease(run.id)));
        continue;
      }
      // Renewed while it executes; its report carries the action's epoch (fencing, §7.10).
      const release = keeper.hold(run.id, action.epoch);
      const options: ApplyOptions = { known: run };
      if (action._tag === "SendEvents") {
        // A sendEvent's events are processed before the run's next execution starts, as in the
        // reference model: an event the step sent can cancel the run at its next step boundary.
        const send = async () => {
          const report = await sendStepEvents({ store, clock, runId: run.id, action, newId });
          await applyThenProcess(run.id, report, options);
        };
        track(parked.attempt(send, release));
        continue;
      }
      const execution = runExecution({
        functions,
        remote,
        clock,
        logger,
        controllers,
        run,
        action,
      });
      // The handler runs once; only the commit of what it reported is retried. The callbacks
      // are inline, not named: under `tsx` (esbuild's `keepNames`) a named closure costs a
      // name definition on every execution.
      track(
        execution.then(
          (report: Report | null): Promise<void> =>
            report === null
              ? Promise.resolve(release())
              : parked.attempt(() => commitWithNext(run.id, report, run), release),
          (error: unknown): never => {
            release();
            throw error;
          },
        ),
      );
    }
  };

  const apply = async (
    runId: string,
    input: (run: Run) => RunInput | null,
    applyOptions: ApplyOptions = {},
  ): Promise<Transaction | null> => {
    const result = await transact(
      store,
      functions.map(),
      runId,
      (run): RunInput | null => {
        const step = input(run);
        return step === null ? null : atStepBoundary(run, step, boundary);
      },
      {
        newId,
        leaseMs,
        known: applyOptions.known,
        onUncertain: parkUncertain,
      },
    );
    // A late report of an execution whose lease was taken over: recorded here, ignored (§7.10).
    // Information, not a warning: the takeover worked (an outage can cause many of them).
    if (result?.outcome._tag === "Ignored" && result.outcome.stale === true) {
      logger.info(`quell: run ${runId}: ${result.outcome.reason}`);
    }
    if (result !== null && running && applyOptions.deferActions !== true) {
      perform(result.run, result.actions);
    }
    return result;
  };

  /**
   * A commit that asked for work (an execution, step events) failed as unavailable, so nothing
   * was performed. Once the store answers: if it landed after all, perform that work now (after
   * the pending events, as `applyThenProcess` does); otherwise whoever retries the input decides
   * again. Without this the run would wait, leased to nobody, until its lease expires.
   */
  const performIfLanded = async (transaction: Transaction): Promise<void> => {
    const run = await landed(store, transaction);
    if (run === null) return;
    const release = await holdLandedLease({ store, clock, logger, keeper, leaseMs }, transaction);
    if (release === null) return;
    try {
      await tick();
      if (running) perform(run, transaction.actions);
    } finally {
      release();
    }
  };

  /** A commit whose answer was lost and that asked for work: find out at the next tick. */
  const parkUncertain = (transaction: Transaction): void => {
    if (transaction.actions.length > 0) parked.park(() => performIfLanded(transaction));
  };

  /** Commit, process the pending events (a tick), then perform what the commit asked for. */
  const applyThenProcess = async (
    runId: string,
    input: (run: Run) => RunInput | null,
    applyOptions: ApplyOptions,
  ): Promise<void> => {
    const result = await apply(runId, input, { ...applyOptions, deferActions: true });
    // The commit took the run's lease for what it asks: keep it renewed while the tick runs (a
    // backlog of events can outlast a lease).
    const release = result === null ? () => {} : holdLeases(keeper, runId, result.actions);
    try {
      await tick();
      if (result !== null && running) perform(result.run, result.actions);
    } finally {
      release();
    }
  };

  const applyAndKick = async (
    runId: string,
    input: (run: Run) => RunInput | null,
    applyOptions: ApplyOptions,
  ): Promise<void> => {
    await apply(runId, input, applyOptions);
    void tick();
  };

  /**
   * Tell the reducer that this process took a run's lease, off the queue or (`expired`) from a
   * holder that stopped renewing it; it decides what follows, and this process performs it (an
   * execution, or letting the lease go). A run retention deleted meanwhile took its lease along.
   * Its first execution may run before the commit (`commitWithNext`): tracked, not in the tick.
   */
  const startLeased = (runId: string, expired: boolean): void => {
    const granted = (): RunInput => ({ _tag: "LeaseGranted", at: clock.now(), expired });
    track(parked.attempt(() => commitWithNext(runId, granted)));
  };

  /** Executions that may run before the commit that asks for them (`fold.ts`). */
  const commitWithNext = foldedCommits({
    store,
    functions: () => functions.map(),
    boundary: () => boundary,
    newId,
    leaseMs,
    execute: (run, action) =>
      runExecution({ functions, remote, clock, logger, controllers, run, action }),
    onUncertain: parkUncertain,
    hold: keeper.hold,
    applyAndKick,
    performAndKick(transaction) {
      if (running) perform(transaction.run, transaction.actions);
      void tick();
    },
  });

  /** Apply `TimerFired` to every run whose timer is due (one batch); true if there were any. */
  const fireTimers = async (): Promise<boolean> => {
    const due = await store.dueTimers(clock.now(), BATCH);
    await Promise.all(
      due.map((runId) => apply(runId, () => ({ _tag: "TimerFired", at: clock.now() }))),
    );
    return due.length > 0;
  };

  /** Take expired leases or queued runs, as many as there is room for, and start them. */
  const claim = async (what: "expired" | "queued"): Promise<boolean> => {
    const room = Math.min(options.concurrency - inFlight.size, BATCH);
    if (room <= 0) return false;
    const now = clock.now();
    const ids =
      what === "expired"
        ? await store.claimExpiredLeases(now, room, now + leaseMs)
        : await store.claimQueued(now, room, now + leaseMs);
    // A claimed run is this process's until its lease expires: starting it is retried.
    for (const runId of ids) startLeased(runId, what === "expired");
    return ids.length > 0;
  };

  const runTick = async (): Promise<void> => {
    queuedTick = null;
    if (!running) return;
    for (const work of parked.retry()) track(work);
    try {
      await tickOnce();
      retry.succeeded();
    } catch (error) {
      // Take the events lock again next time: it may have expired, or been lost with Redis'
      // data. Not awaited: a store that does not answer would hold the retry back.
      void events.release().catch(() => undefined);
      retry.failed(error);
    }
  };

  const pass = tickPass({ clock, cron: options.cron, events, fireTimers, claim });

  /** Passes (`tick-pass.ts`) until one finds nothing to do; the boundary read with the probe. */
  const tickOnce = async (): Promise<void> => {
    // The boundary's reads are sent first: on one connection they are answered first.
    let [, probe] = await Promise.all([refreshBoundary(), probeWork(store, BATCH)]);
    options.onBoundary?.(boundary);
    try {
      while (running && (await pass(probe))) probe = await probeWork(store, BATCH);
    } finally {
      // Even after a failed tick: a held lock is renewed until it is let go.
      await events.release();
    }
    rearm(probe.next);
  };

  /** Sleep until `next` (the store's next due time, as the tick's last probe read it). */
  const rearm = (next: number | null): void => {
    cancelTimer?.();
    cancelTimer = null;
    if (!running) return;
    const now = clock.now();
    const atCapacity = inFlight.size >= options.concurrency;
    const wakes: number[] = [];
    // Something due now that this process cannot take (it is full): a report will kick a tick.
    // A timer that comes due before any report (a sleep's end, a run's start or finish
    // deadline) must not wait for one: look again every renewal interval while full.
    if (next !== null && !(next <= now && atCapacity)) wakes.push(next);
    else if (next !== null) wakes.push(now + renewalInterval(leaseMs));
    const cronAt = options.cron.nextAt();
    if (cronAt !== null) wakes.push(cronAt);
    if (options.pollMs !== undefined) wakes.push(now + options.pollMs);
    // Another process holds the events lock: look again soon, in case it let go before our events.
    if (events.busy) wakes.push(now + Math.max(1, Math.min(50, Math.floor(leaseMs / 4))));
    if (wakes.length === 0) return;
    cancelTimer = clock.setTimer(Math.min(...wakes), async () => {
      await tick();
      await idle();
    });
  };

  const tick = (): Promise<void> => {
    if (queuedTick !== null) return queuedTick;
    const next = chain.then(runTick);
    chain = next.catch((error: unknown) => logger.error("quell: tick failed", error));
    queuedTick = next;
    return next;
  };

  const idle = async (): Promise<void> => {
    for (;;) {
      await chain;
      if (inFlight.size === 0 && queuedTick === null) return;
      await Promise.all([...inFlight]);
    }
  };

  return {
    start: () => {
      running = true;
      // Take locks and renew leases again after a `stop` (an engine started again).
      options.locks.start();
      keeper.start();
      // Another process added work (a store shared by several): look now, not at the next poll.
      unwatch = store.watchWork?.(() => {
        if (running) void tick();
      });
    },
    stop: async () => {
      running = false;
      unwatch?.();
      cancelTimer?.();
      retry.cancel();
      await chain;
      await Promise.all([...inFlight]);
      parked.drop();
      keeper.stop();
      // While the store is unavailable the lock cannot be let go: it expires by itself.
      await events.release().catch(() => undefined);
    },
    tick,
    apply,
    idle,
    refreshBoundary,
    boundary: () => boundary,
    track,
  };
};
