import type { Json, RemoteFunction, Run, StepRecord } from "@quell/core";

/** A call to an SDK app (INNGEST-PROTOCOL.md §4.1): where, and the JSON body. */
export interface CallRequest {
  readonly url: string;
  readonly body: Json;
}

/** A memoised step as the SDK reads it: always wrapped, `{ data }` or `{ error }` (§4.2). */
const memoised = (step: StepRecord): Json =>
  step.status === "completed"
    ? { data: step.output }
    : {
        error: {
          name: step.error.name,
          message: step.error.message,
          ...(step.error.stack === undefined ? {} : { stack: step.error.stack }),
        },
      };

/** The function's URL, with `stepId=<hash>` when the call may run that step (its start committed). */
const callUrl = (fn: RemoteFunction, allowStep: string | null): string => {
  const url = new URL(fn.remote.url);
  url.searchParams.set("fnId", fn.slug);
  url.searchParams.set("stepId", allowStep ?? "step");
  return url.toString();
};

/**
 * The call for one execution of a remote function. Always `disable_immediate_execution: true`,
 * so the app only plans a new step and runs it in the call Quell makes after committing its start
 * (Quell's step start protocol); never `fn_id` (checkpointing) or `use_api`. `events` holds the
 * run's triggering events only (v4 refuses a call whose events its triggers do not name). Steps
 * go in completion order (the order the run memoised them), `max_attempts` from the retries the
 * run was created with.
 */
export const callRequest = (
  fn: RemoteFunction,
  run: Run,
  allowStep: string | null,
): CallRequest => {
  const steps = Object.values(run.steps);
  const retries = run.fnConfig?.retries ?? fn.retries;
  return {
    url: callUrl(fn, allowStep),
    body: {
      event: run.event,
      events: run.events,
      steps: Object.fromEntries(steps.map((step) => [step.hash, memoised(step)])),
      ctx: {
        run_id: run.id,
        attempt: run.attempt,
        max_attempts: retries + 1,
        disable_immediate_execution: true,
        stack: { stack: steps.map((step) => step.hash), current: steps.length },
      },
      version: 2,
    },
  };
};
