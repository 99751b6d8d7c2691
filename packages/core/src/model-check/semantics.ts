import type { Either } from "fp-ts/lib/Either.js";
import type { BulkCancellation } from "../codecs/bulk-cancellation";
import type { Cancellation } from "../codecs/cancellation";
import type { EventInput, StoredEvent } from "../codecs/event";
import type { Op } from "../codecs/ops";
import type { FieldError } from "../operations/time-field";
import type { RunOutcome } from "../reducer/effects";
import type { FunctionNotFoundError } from "../sdk/errors";
import type { World } from "../world/world";
import { ingestInWorld } from "../world/world-ingest";
import {
  createBulkInWorld,
  type FunctionOperationResult,
  pauseInWorld,
  resumeInWorld,
  sweepBatch,
} from "../world/world-operations";
import { rescheduleInWorld } from "../world/world-reschedule";
import {
  cancelInWorld,
  claimRun,
  expireLease,
  fireTimer,
  type NewId,
  processEvent,
  reportOp,
  type WorldAction,
} from "../world/world-step";

/**
 * Every way the explorer changes the world, each one atomic step of the reference model. The
 * explorer only calls these, so a test can swap one for a faulty variant (`Fault`) and check
 * that the explorer notices; production code never goes through this table.
 */
export interface WorldSemantics {
  ingest(world: World, events: readonly EventInput[], newId: NewId): string[];
  processEvent(world: World, event: StoredEvent, newId: NewId): WorldAction[];
  fireTimer(world: World, runId: string, newId: NewId): WorldAction[];
  claim(world: World, runId: string, newId: NewId): WorldAction[];
  /** Commit an execution's op; `epoch` is the lease epoch it began under. */
  report(world: World, runId: string, op: Op, epoch: number, newId: NewId): WorldAction[];
  cancel(
    world: World,
    runId: string,
    cancellation: Cancellation,
    newId: NewId,
  ): { readonly outcome: RunOutcome; readonly actions: readonly WorldAction[] } | null;
  /** Another worker takes over the lease of a run whose worker is presumed dead. */
  expireLease(world: World, runId: string, newId: NewId): WorldAction[];
  createBulk(world: World, request: unknown, newId: NewId): Either<FieldError, BulkCancellation>;
  sweep(world: World, bulkId: string, batchSize: number, newId: NewId): WorldAction[];
  pause(
    world: World,
    idOrSlug: string,
    cancelRunning: boolean,
    newId: NewId,
  ): Either<FunctionNotFoundError, FunctionOperationResult>;
  resume(
    world: World,
    idOrSlug: string,
    newId: NewId,
  ): Either<FunctionNotFoundError, FunctionOperationResult>;
  /** `rescheduleRun`: null when there is no such run. */
  reschedule(
    world: World,
    runId: string,
    until: number,
    newId: NewId,
  ): { readonly outcome: RunOutcome; readonly actions: readonly WorldAction[] } | null;
}

/** The reference model itself: what the simulation runs and the engine must agree with. */
export const worldSemantics: WorldSemantics = {
  ingest: ingestInWorld,
  processEvent,
  fireTimer,
  claim: claimRun,
  report: reportOp,
  cancel: cancelInWorld,
  expireLease,
  createBulk: createBulkInWorld,
  sweep: sweepBatch,
  pause: pauseInWorld,
  resume: resumeInWorld,
  reschedule: rescheduleInWorld,
};

/** A deliberately wrong variant of some world behaviour, for testing the explorer itself. */
export interface Fault {
  readonly name: string;
  /** The bug, as someone might write it by accident. */
  readonly description: string;
  apply(semantics: WorldSemantics): WorldSemantics;
}
