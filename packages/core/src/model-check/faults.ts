import type { Run } from "../codecs/run";
import { isTerminal } from "../machine/run-machine";
import { newRun } from "../reducer/create-run";
import { emittedEvent } from "../reducer/to-write";
import { ingest } from "../store/reference/events";
import { FUNCTION_CANCELLED, systemEventsFor } from "../system-events";
import type { World } from "../world/world";
import {
  rescheduleKeepsOldTimer,
  timeoutSkipsInFlightStep,
  wakeClearsDeadline,
} from "./faults-timeouts";
import type { Fault, WorldSemantics } from "./semantics";
import { singletonBlindClaim, singletonSlotKept } from "./singleton-faults";

// Realistic bugs, each a wrapper around the reference model, so the explorer's own tests can
// show that it catches them (with a counterexample). Never used outside tests and docs.

/** The step start is a blind write instead of a compare-and-set on the run's state. */
const stepAfterCancel: Fault = {
  name: "step-after-cancel",
  description: "a planned step starts even when the run's cancellation committed first",
  apply: (base) => ({
    ...base,
    report: (world, runId, op, epoch, newId) => {
      const run = world.runs.get(runId);
      if (
        op.op !== "StepPlanned" ||
        op.kind !== "run" ||
        run?.cancellation == null ||
        run.inFlight !== null
      ) {
        return base.report(world, runId, op, epoch, newId);
      }
      const inFlight = { id: op.id, hash: op.hash, kind: op.kind, startedAt: world.now };
      const timeline = [
        ...run.timeline,
        { at: world.now, type: "step.started" as const, step: op.id },
      ];
      world.runs.set(runId, { ...run, inFlight, timeline, version: run.version + 1 });
      return [{ runId, action: { _tag: "Execute", allowStep: op.hash, epoch: run.leaseEpoch } }];
    },
  }),
};

/** The cancelOn listeners are written when the run starts, in a second write, not with the run. */
const listenersAfterCreate: Fault = {
  name: "listeners-after-create",
  description:
    "cancelOn listeners are registered when the run is first claimed, not in the write that creates it",
  apply: (base) => ({
    ...base,
    processEvent: (world, event, newId) => {
      const before = new Set(world.runs.keys());
      const actions = base.processEvent(world, event, newId);
      for (const run of world.runs.values()) {
        if (before.has(run.id)) continue;
        for (const [id, listener] of world.listeners) {
          if (listener.runId === run.id && listener.kind === "cancel") world.listeners.delete(id);
        }
      }
      return actions;
    },
    claim: (world, runId, newId) => {
      const run = world.runs.get(runId);
      const fn = run === undefined ? undefined : world.functions.get(run.functionId);
      const trigger = run === undefined ? undefined : world.events.get(run.triggerEventId);
      if (
        run !== undefined &&
        fn !== undefined &&
        trigger !== undefined &&
        run.startedAt === null &&
        !isTerminal(run.state)
      ) {
        const created = newRun({
          id: run.id,
          fn,
          trigger,
          at: run.createdAt,
          afterSeq: run.createdSeq,
        });
        for (const listener of created.listeners) world.listeners.set(listener.id, listener);
      }
      return base.claim(world, runId, newId);
    },
  }),
};

/** Calls `hook` after every change with the runs as they were before it. */
const afterEachChange = (
  base: WorldSemantics,
  hook: (world: World, before: ReadonlyMap<string, Run>) => void,
): WorldSemantics => {
  const wrap =
    <A extends unknown[], R>(f: (world: World, ...args: A) => R) =>
    (world: World, ...args: A): R => {
      const before = new Map(world.runs);
      const result = f(world, ...args);
      hook(world, before);
      return result;
    };
  return {
    ingest: wrap(base.ingest),
    processEvent: wrap(base.processEvent),
    fireTimer: wrap(base.fireTimer),
    claim: wrap(base.claim),
    report: wrap(base.report),
    cancel: wrap(base.cancel),
    expireLease: wrap(base.expireLease),
    createBulk: wrap(base.createBulk),
    sweep: wrap(base.sweep),
    pause: wrap(base.pause),
    resume: wrap(base.resume),
    reschedule: wrap(base.reschedule),
  };
};

/** `function.cancelled` goes out when the cancellation commits, not when the run has settled. */
const cancelledBeforeSettled: Fault = {
  name: "cancelled-before-settled",
  description:
    "inngest/function.cancelled is emitted when the cancellation commits, while the step is still in flight",
  apply: (base) =>
    afterEachChange(base, (world, before) => {
      for (const run of world.runs.values()) {
        const was = before.get(run.id);
        if (run.state === "cancelling" && was?.state !== "cancelling") {
          const early = systemEventsFor({ ...run, state: "cancelled" }, world.now).filter(
            (e) => e.name === FUNCTION_CANCELLED,
          );
          for (const event of early)
            ingest(world, [emittedEvent(event, `${run.id}:early`, world.now)]);
        }
        if (run.state === "cancelled" && was?.state === "cancelling") {
          // It was already sent: drop the one the settling write just emitted.
          for (const [id, event] of world.events) {
            if (
              event.payload.name === FUNCTION_CANCELLED &&
              event.payload.data.run_id === run.id &&
              !id.endsWith(":early")
            ) {
              world.events.delete(id);
              const at = world.pending.indexOf(event);
              if (at >= 0) world.pending.splice(at, 1);
            }
          }
        }
      }
    }),
};

/** The sweep selects the function's runs but forgets the creation window. */
const bulkIgnoresWindow: Fault = {
  name: "bulk-ignores-window",
  description:
    "a bulk cancellation's sweep ignores started_before and cancels runs created after the request",
  apply: (base) => ({
    ...base,
    sweep: (world, bulkId, batchSize, newId) => {
      const record = world.bulk.get(bulkId);
      if (record === undefined) return base.sweep(world, bulkId, batchSize, newId);
      const open = {
        started_before: Number.MAX_SAFE_INTEGER,
        created_pos: Number.MAX_SAFE_INTEGER,
      };
      world.bulk.set(bulkId, { ...record, ...open });
      const actions = base.sweep(world, bulkId, batchSize, newId);
      const swept = world.bulk.get(bulkId);
      if (swept !== undefined) {
        const { started_before, created_pos } = record;
        world.bulk.set(bulkId, { ...swept, started_before, created_pos });
      }
      return actions;
    },
  }),
};

/** Recovering an expired lease restores the run as it was when the execution was claimed. */
const leaseLosesStep: Fault = {
  name: "lease-loses-step",
  description: "when a worker's lease expires, the run's last committed step is forgotten",
  apply: (base) => ({
    ...base,
    expireLease: (world, runId, newId) => {
      const actions = base.expireLease(world, runId, newId);
      const run = world.runs.get(runId);
      const hashes = run === undefined ? [] : Object.keys(run.steps);
      const last = hashes.at(-1);
      if (run !== undefined && last !== undefined) {
        const steps = Object.fromEntries(
          Object.entries(run.steps).filter(([hash]) => hash !== last),
        );
        world.runs.set(runId, { ...run, steps });
      }
      return actions;
    },
  }),
};

/**
 * Reports are fenced by the run's version alone: a report is applied to the run as it is now,
 * whichever lease it was executed under. A worker that stalled past its lease (presumed dead,
 * its run taken over) then commits what it finally reports, over the worker that owns the run.
 */
const staleReportAccepted: Fault = {
  name: "stale-report-accepted",
  description:
    "a late report from a worker whose lease was taken over is applied, as if it still held the lease",
  apply: (base) => ({
    ...base,
    report: (world, runId, op, epoch, newId) =>
      base.report(world, runId, op, world.runs.get(runId)?.leaseEpoch ?? epoch, newId),
  }),
};

/** An invoked run is created without the listener that cascades its parent's cancellation. */
const cascadeSkipped: Fault = {
  name: "cascade-skipped",
  description:
    "a run started by step.invoke is created without its cascade listener, so its parent's cancellation never reaches it",
  apply: (base) => ({
    ...base,
    processEvent: (world, event, newId) => {
      const actions = base.processEvent(world, event, newId);
      for (const [id, listener] of world.listeners)
        if (listener.kind === "cascade") world.listeners.delete(id);
      return actions;
    },
  }),
};

/** Faulty variants of world behaviours, for testing the explorer itself (`explore(s, { inject: [...] })`). */
export const faults = {
  stepAfterCancel,
  listenersAfterCreate,
  cancelledBeforeSettled,
  bulkIgnoresWindow,
  leaseLosesStep,
  staleReportAccepted,
  singletonBlindClaim,
  singletonSlotKept,
  timeoutSkipsInFlightStep,
  wakeClearsDeadline,
  rescheduleKeepsOldTimer,
  cascadeSkipped,
} as const;
