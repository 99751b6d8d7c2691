import type { Op } from "../codecs/ops";
import type { Run, StepRecord } from "../codecs/run";
import { invokeChange } from "../invoke/invoke-op";
import { retryWakeAt } from "./backoff";
import { type Decision, execute } from "./decision";
import type { RunContext } from "./effects";
import { decideStepsPlanned, inFlightStep, settleBeside } from "./parallel-steps";
import { waitListener } from "./wait-listener";

/** The run fails: its host planned a step whose result is memoised (SPEC §7.5: never recomputed). */
const replannedStep = (id: string): Decision => ({
  event: "RUN_ERROR_FINAL",
  patch: {
    error: {
      name: "Error",
      message: `step "${id}" was planned again after its result was memoised: the function's host does not replay memoised steps`,
    },
  },
  effects: [],
  log: [],
});

/**
 * What an execution's op does to a running (or `cancelling`) run: start a step, memoise its
 * result or error (retry, or final), sleep, wait, invoke, complete or fail.
 */
export const decideOp = (run: Run, op: Op, at: number, seq: number, ctx: RunContext): Decision => {
  const settling = run.state === "cancelling";
  if (run.state !== "running" && !settling)
    return { _tag: "Ignored", reason: `op ${op.op} in state ${run.state}` };
  switch (op.op) {
    case "StepPlanned": {
      if (run.inFlight !== null) return { _tag: "Ignored", reason: "a step is already in flight" };
      // Only a host that does not replay memoised steps plans one again (a remote app that
      // ignores the steps it was sent): starting it again would loop, so the run fails, saying so.
      if (run.steps[op.hash] !== undefined) return replannedStep(op.id);
      const kind = op.kind;
      return {
        event: "STEP_PLANNED",
        patch: { inFlight: { id: op.id, hash: op.hash, kind, startedAt: at } },
        effects: [
          kind === "run"
            ? execute(run, op.hash)
            : {
                _tag: "SendEvents",
                id: op.id,
                hash: op.hash,
                events: op.events,
                epoch: run.leaseEpoch,
              },
        ],
        log: [{ type: "step.started", step: op.id }],
      };
    }
    case "StepsPlanned":
      return decideStepsPlanned(run, op, at, replannedStep);
    case "StepRun": {
      const found = inFlightStep(run, op.hash);
      if (found === null) return { _tag: "Ignored", reason: "step not in flight" };
      if (found.others.length > 0) return settleBeside(run, op, found.others, ctx);
      const step: StepRecord = {
        id: op.id,
        hash: op.hash,
        kind: found.step.kind,
        status: "completed",
        output: op.output,
        ...(settling ? { settledAfterCancel: true } : {}),
      };
      return {
        event: "STEP_RESULT",
        patch: { steps: { ...run.steps, [op.hash]: step }, inFlight: null, attempt: 0 },
        effects: settling ? [] : [execute(run, null)],
        log: [{ type: settling ? "step.settled_after_cancel" : "step.completed", step: op.id }],
      };
    }
    case "StepError": {
      const found = inFlightStep(run, op.hash);
      if (found === null) return { _tag: "Ignored", reason: "step not in flight" };
      if (found.others.length > 0) return settleBeside(run, op, found.others, ctx);
      const attempt = run.attempt + 1;
      const retry = !settling && op.retriable && attempt <= ctx.retries;
      if (retry) {
        const wakeAt = retryWakeAt(at, attempt, op.retryAt);
        return {
          event: "STEP_ERROR_RETRY",
          patch: { inFlight: null, attempt, wake: { at: wakeAt, reason: "backoff" } },
          effects: [],
          log: [
            {
              type: "step.failed",
              step: op.id,
              detail: `${op.error.message} (retry ${attempt} of ${ctx.retries})`,
            },
          ],
        };
      }
      const step: StepRecord = {
        id: op.id,
        hash: op.hash,
        kind: found.step.kind,
        status: "failed",
        error: op.error,
        ...(settling ? { settledAfterCancel: true } : {}),
      };
      return {
        event: "STEP_ERROR_FINAL",
        patch: { steps: { ...run.steps, [op.hash]: step }, inFlight: null, attempt: 0 },
        effects: settling ? [] : [execute(run, null)],
        log: [
          {
            type: settling ? "step.settled_after_cancel" : "step.failed",
            step: op.id,
            detail: op.error.message,
          },
        ],
      };
    }
    case "Sleep": {
      if (run.inFlight !== null) return { _tag: "Ignored", reason: "a step is in flight" };
      return {
        event: "SLEEP",
        patch: {
          inFlight: { id: op.id, hash: op.hash, kind: "sleep", startedAt: at },
          wake: { at: op.until, reason: "sleep" },
        },
        effects: [],
        log: [
          { type: "sleeping", step: op.id, detail: `until ${new Date(op.until).toISOString()}` },
        ],
      };
    }
    case "WaitForEvent": {
      if (run.inFlight !== null) return { _tag: "Ignored", reason: "a step is in flight" };
      const listener = waitListener(run, op, seq);
      return {
        event: "WAIT",
        patch: {
          waiting: { id: op.id, hash: op.hash, event: op.event, if: op.if, kind: "event" },
          wake: { at: op.timeoutAt, reason: "wait-timeout" },
        },
        effects: [{ _tag: "AddListener", listener }],
        log: [
          {
            type: "waiting",
            step: op.id,
            detail: `${op.event} until ${new Date(op.timeoutAt).toISOString()}`,
          },
        ],
      };
    }
    case "InvokeFunction":
      if (run.inFlight !== null) return { _tag: "Ignored", reason: "a step is in flight" };
      return invokeChange(run, op, at, seq);
    case "RunComplete":
      return { event: "COMPLETE", patch: { output: op.output }, effects: [], log: [] };
    case "RunError": {
      const attempt = run.attempt + 1;
      if (op.retriable && attempt <= ctx.retries) {
        const wakeAt = retryWakeAt(at, attempt, op.retryAt);
        return {
          event: "RUN_ERROR_RETRY",
          patch: { attempt, wake: { at: wakeAt, reason: "backoff" } },
          effects: [],
          log: [
            {
              type: "run.errored",
              detail: `${op.error.message} (retry ${attempt} of ${ctx.retries})`,
            },
          ],
        };
      }
      return { event: "RUN_ERROR_FINAL", patch: { error: op.error }, effects: [], log: [] };
    }
  }
};
