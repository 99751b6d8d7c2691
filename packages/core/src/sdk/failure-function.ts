import type { ValidatedFunction } from "../config/validate-function";
import { FUNCTION_FAILED } from "../system-events";
import type {
  EventTriggerConfig,
  FailureHandler,
  FunctionConfig,
  Handler,
  HandlerContext,
  QuellFunction,
} from "./types";

/**
 * The config of the function an `onFailure` handler registers, as the seeds' SDK registers it:
 * id `<id>-failure` (so its slug is `<slug>-failure`), name `<name> (failure)`, one retry, and
 * a trigger on `inngest/function.failed` for `fn` only.
 */
export const failureFunctionConfig = (
  fn: ValidatedFunction,
): { readonly config: FunctionConfig; readonly trigger: EventTriggerConfig } => ({
  config: { id: `${fn.id}-failure`, name: `${fn.name} (failure)`, retries: 1 },
  trigger: { event: FUNCTION_FAILED, if: `event.data.function_id == '${fn.slug}'` },
});

/** The failed run's error, as the `inngest/function.failed` event carries it, as an `Error`. */
const errorOf = (event: HandlerContext["event"]): Error => {
  const data: unknown = event.data.error;
  const fields = typeof data === "object" && data !== null ? (data as Record<string, unknown>) : {};
  const error = new Error(typeof fields.message === "string" ? fields.message : "function failed");
  if (typeof fields.name === "string") error.name = fields.name;
  if (typeof fields.stack === "string") error.stack = fields.stack;
  return error;
};

/** Runs `onFailure` with its run's context plus `error` (`signal` still read lazily). */
export const failureHandler =
  (onFailure: FailureHandler): Handler =>
  (ctx) =>
    onFailure({
      event: ctx.event,
      events: ctx.events,
      step: ctx.step,
      runId: ctx.runId,
      attempt: ctx.attempt,
      logger: ctx.logger,
      get signal() {
        return ctx.signal;
      },
      error: errorOf(ctx.event),
    });

/**
 * Every function to register: each of `functions`, followed by the `<slug>-failure` function of
 * each that has `onFailure`; each once, however often it is listed.
 */
export const withFailureFunctions = (functions: Iterable<QuellFunction>): QuellFunction[] => {
  const all = new Set<QuellFunction>();
  for (const fn of functions) {
    all.add(fn);
    if (fn.failureFunction !== null) all.add(fn.failureFunction);
  }
  return [...all];
};
