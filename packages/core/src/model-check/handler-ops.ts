import type { Op } from "../codecs/ops";
import { executeHandler } from "../sdk/execute";
import type { Logger, QuellFunction } from "../sdk/types";
import { type Execution, mentionsId, renameIds } from "./state";

type HandlerExecution = Extract<Execution, { kind: "handler" }>;

const silent: Logger = { info: () => {}, warn: () => {}, error: () => {}, debug: () => {} };

/**
 * Runs handlers to learn the op each execution reports, and remembers the answer: an execution
 * is a function of the function, the run's memoised steps and attempt, the step it may run, its
 * start time and whether its signal was aborted. Branches that reach the same execution reuse
 * the op instead of running the handler again. The key names the run and its events by label,
 * so the same execution on another branch (where ids were drawn in another order) hits too;
 * an op that mentions an id is cached under the raw ids only.
 */
export const createOpCache = () => {
  const cache = new Map<string, Op>();
  let executions = 0;

  const keyOf = (fn: QuellFunction, x: HandlerExecution, aborted: boolean): string =>
    JSON.stringify([fn.slug, x.allowStep, x.startedAt, aborted, x.snapshot]);

  const run = async (fn: QuellFunction, x: HandlerExecution, aborted: boolean): Promise<Op> => {
    executions += 1;
    const controller = new AbortController();
    if (aborted) controller.abort(new Error("run cancelled"));
    return executeHandler({
      fn,
      run: x.snapshot,
      allowStep: x.allowStep,
      now: x.startedAt,
      signal: controller.signal,
      logger: silent,
    });
  };

  return {
    /** The op the execution reports; `aborted`: as seen by code that checks its signal. */
    opFor: async (
      fn: QuellFunction,
      x: HandlerExecution,
      aborted: boolean,
      labels: ReadonlyMap<string, string>,
    ): Promise<Op> => {
      const raw = keyOf(fn, x, aborted);
      const named = `named:${renameIds(raw, labels)}`;
      const hit = cache.get(named) ?? cache.get(raw);
      if (hit !== undefined) return hit;
      const op = await run(fn, x, aborted);
      cache.set(mentionsId(JSON.stringify(op)) ? raw : named, op);
      return op;
    },
    get executions(): number {
      return executions;
    },
  };
};

export type OpCache = ReturnType<typeof createOpCache>;
