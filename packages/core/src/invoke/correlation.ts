import type { Run } from "../codecs/run";

/**
 * The correlation id of one `step.invoke`, as the seeds' system writes it: `<run id>.<step
 * hash>`. The invoked event carries it in `data._inngest.correlation_id`, and the child's
 * `inngest/function.finished` in `data.correlation_id`, which is what the parent waits for.
 */
export const correlationId = (runId: string, stepHash: string): string => `${runId}.${stepHash}`;

/** The step hash of a correlation id (after its last dot), or null when it has none. */
export const correlatedStep = (correlation: string): string | null => {
  const dot = correlation.lastIndexOf(".");
  return dot < 0 || dot === correlation.length - 1 ? null : correlation.slice(dot + 1);
};

/** Whether the run ever invoked a function: it waits for one, or memoised an invoke step. */
export const hasInvoked = (run: Pick<Run, "waiting" | "steps">): boolean =>
  run.waiting?.kind === "invoke" || Object.values(run.steps).some((s) => s.kind === "invoke");
