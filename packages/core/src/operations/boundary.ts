import type { BulkCancellation } from "../codecs/bulk-cancellation";
import type { Run } from "../codecs/run";
import type { RunInput } from "../reducer/effects";
import { staleReport } from "../reducer/lease";
import { bulkSelects } from "./bulk-request";
import { bulkCancelInput } from "./bulk-sweep";

/** What a step boundary must know about the world beyond the run. */
export interface BoundaryContext {
  /** Slugs of paused functions. */
  readonly paused: ReadonlySet<string>;
  /** Bulk cancellations still sweeping (not dry runs). */
  readonly bulk: readonly BulkCancellation[];
}

/** A claim that starts a queued run. */
const startsRun = (run: Run, input: RunInput): boolean =>
  input._tag === "LeaseGranted" && run.state === "queued";

/**
 * Inputs after which the run would start a step: starting an execution, or planning a step in
 * a current one (a stale report changes nothing, so it is no boundary: the reducer ignores it).
 */
const startsStep = (run: Run, input: RunInput): boolean =>
  startsRun(run, input) ||
  (input._tag === "OpReported" &&
    staleReport(run, input.epoch) === null &&
    (input.op.op === "StepPlanned" ||
      input.op.op === "Sleep" ||
      input.op.op === "WaitForEvent" ||
      input.op.op === "InvokeFunction"));

/**
 * At a step boundary, the world may forbid the next step: an active bulk cancellation that
 * selects the run cancels it there, before its sweep reaches it (SPEC §4.5); a paused function
 * stops it there (SPEC §4.6). Otherwise the input goes through unchanged.
 */
export const atStepBoundary = (run: Run, input: RunInput, ctx: BoundaryContext): RunInput => {
  if (!startsStep(run, input)) return input;
  const bulk = ctx.bulk.find((record) => !record.dry_run && bulkSelects(record, run));
  if (bulk !== undefined) return bulkCancelInput(bulk.id, input.at);
  const pausesHere =
    startsRun(run, input) || (input._tag === "OpReported" && input.op.op === "StepPlanned");
  if (pausesHere && ctx.paused.has(run.functionId)) return { _tag: "Pause", at: input.at };
  return input;
};
