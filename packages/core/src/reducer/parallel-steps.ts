import type { Op } from "../codecs/ops";
import type { InFlightStep, Run, StepRecord } from "../codecs/run";
import { type Decision, execute } from "./decision";
import type { RunContext } from "./effects";

// Several steps in flight at once (SPEC §2: parallel steps of a remote app, `StepsPlanned`): each
// starts when the plan commits and runs in its own execution; the run goes on — or, cancelled
// meanwhile, ends — when the last of them settles. `inFlight` is the first of them, `parallel`
// the others.

/** The in-flight step `hash` and the steps in flight beside it, or null when it is not in flight. */
export const inFlightStep = (
  run: Run,
  hash: string,
): { readonly step: InFlightStep; readonly others: readonly InFlightStep[] } | null => {
  const all = run.inFlight === null ? [] : [run.inFlight, ...(run.parallel ?? [])];
  const step = all.find((s) => s.hash === hash);
  return step === undefined ? null : { step, others: all.filter((s) => s !== step) };
};

/** Start every planned step that is not memoised yet, each in its own execution. */
export const decideStepsPlanned = (
  run: Run,
  op: Extract<Op, { op: "StepsPlanned" }>,
  at: number,
  replanned: (id: string) => Decision,
): Decision => {
  if (run.inFlight !== null) return { _tag: "Ignored", reason: "a step is already in flight" };
  const memoised = op.steps.find((s) => run.steps[s.hash] !== undefined);
  if (memoised !== undefined) return replanned(memoised.id);
  const [first, ...rest] = op.steps.map(
    (s): InFlightStep => ({ id: s.id, hash: s.hash, kind: "run", startedAt: at }),
  );
  if (first === undefined) return { _tag: "Ignored", reason: "no step planned" };
  return {
    event: "STEP_PLANNED",
    patch: { inFlight: first, parallel: rest },
    effects: [first, ...rest].map((s) => execute(run, s.hash)),
    log: [first, ...rest].map((s) => ({ type: "step.started" as const, step: s.id })),
  };
};

/**
 * One of several steps in flight settled, others still run: memoise its result (none when it is
 * retried: the app plans it again once the others settled, as its next execution replays), and
 * wait for the others. Nothing executes meanwhile; a `cancelling` run stays so until the last.
 */
export const settleBeside = (
  run: Run,
  op: Extract<Op, { op: "StepRun" | "StepError" }>,
  others: readonly InFlightStep[],
  ctx: RunContext,
): Decision => {
  const settling = run.state === "cancelling";
  const [next, ...rest] = others;
  const waiting = { inFlight: next ?? null, parallel: rest };
  const afterCancel = settling ? { settledAfterCancel: true } : {};
  if (op.op === "StepRun") {
    const step: StepRecord = {
      id: op.id,
      hash: op.hash,
      kind: "run",
      status: "completed",
      output: op.output,
      ...afterCancel,
    };
    return {
      event: "STEP_SETTLED",
      patch: { ...waiting, steps: { ...run.steps, [op.hash]: step } },
      effects: [],
      log: [{ type: settling ? "step.settled_after_cancel" : "step.completed", step: op.id }],
    };
  }
  const attempt = run.attempt + 1;
  if (!settling && op.retriable && attempt <= ctx.retries) {
    return {
      event: "STEP_SETTLED",
      patch: { ...waiting, attempt },
      effects: [],
      log: [
        {
          type: "step.failed",
          step: op.id,
          detail: `${op.error.message} (retry ${attempt} of ${ctx.retries}, once the steps beside it settled)`,
        },
      ],
    };
  }
  const step: StepRecord = {
    id: op.id,
    hash: op.hash,
    kind: "run",
    status: "failed",
    error: op.error,
    ...afterCancel,
  };
  return {
    event: "STEP_SETTLED",
    patch: { ...waiting, steps: { ...run.steps, [op.hash]: step } },
    effects: [],
    log: [
      {
        type: settling ? "step.settled_after_cancel" : "step.failed",
        step: op.id,
        detail: op.error.message,
      },
    ],
  };
};
