import { compileExpression } from "../cel/compile-expression";
import { matchToIf } from "../cel/match-to-if";
import type { EventInput } from "../codecs/event";
import type { Op } from "../codecs/ops";
import type { Run } from "../codecs/run";
import { toJson } from "../codecs/to-json";
import { parseDuration, toEpochMs } from "../config/duration";
import { toCancellationView } from "../views/cancellation-view";
import {
  InvokeCancelledError,
  isNonRetriable,
  NonRetriableError,
  StepFailedError,
  serializeError,
} from "./errors";
import { invokeOp } from "./invoke-options";
import { createStepIdCounter, hashStepId } from "./step-hash";
import type {
  HandlerEvent,
  InvokeOptions,
  StepRunContext,
  StepTools,
  WaitForEventOptions,
} from "./types";

interface StepToolsInput {
  readonly run: Pick<Run, "steps" | "attempt">;
  readonly allowStep: string | null;
  readonly now: number;
  readonly signal: AbortSignal;
}

/** A promise that never settles: the execution ends at the step that reported an op. */
const halt = <T>(): Promise<T> => new Promise<T>(() => {});

/** A step's memoisation key, hash and record, for the `userId` call of this execution. */
const memo = (run: StepToolsInput["run"], nextId: (userId: string) => string, userId: string) => {
  const id = nextId(userId);
  const hash = hashStepId(id);
  return { id, hash, record: run.steps[hash] };
};

const fail = (message: string): never => {
  throw new NonRetriableError(message);
};

/**
 * The step tools of one execution. A memoised step returns its result; the first step that is
 * not memoised reports its op and halts the handler. `step.run` executes its callback only when
 * the engine committed that step's start (`allowStep`): no step starts without that commit.
 * The tools are methods of a fresh object literal (no `this`: they may be called detached).
 */
export const createStepTools = (input: StepToolsInput, report: (op: Op) => void): StepTools => {
  const nextId = createStepIdCounter();
  const { run } = input;

  return {
    async run<T>(userId: string, fn: (ctx: StepRunContext) => T | Promise<T>): Promise<Awaited<T>> {
      const { id, hash, record } = memo(run, nextId, userId);
      if (record?.status === "completed") return record.output as never;
      if (record?.status === "failed") throw new StepFailedError(id, record.error);
      if (input.allowStep !== hash) {
        report({ op: "StepPlanned", id, hash, kind: "run", events: [] });
        return halt<Awaited<T>>();
      }
      try {
        const context: StepRunContext = {
          get signal(): AbortSignal {
            return input.signal;
          },
          attempt: run.attempt,
        };
        const output = await fn(context);
        report({ op: "StepRun", id, hash, output: toJson(output) });
      } catch (error) {
        const retriable = !isNonRetriable(error);
        report({ op: "StepError", id, hash, error: serializeError(error), retriable });
      }
      return halt<Awaited<T>>();
    },
    async sleep(userId, duration) {
      const { id, hash, record } = memo(run, nextId, userId);
      if (record !== undefined) return;
      const ms = parseDuration(duration);
      if (ms._tag === "Left") return fail(`step.sleep("${userId}"): ${ms.left}`);
      report({ op: "Sleep", id, hash, until: input.now + ms.right });
      return halt();
    },
    async sleepUntil(userId, time) {
      const { id, hash, record } = memo(run, nextId, userId);
      if (record !== undefined) return;
      const at = toEpochMs(time);
      if (at._tag === "Left") return fail(`step.sleepUntil("${userId}"): ${at.left}`);
      report({ op: "Sleep", id, hash, until: at.right });
      return halt();
    },
    async waitForEvent(userId, options: WaitForEventOptions) {
      const { id, hash, record } = memo(run, nextId, userId);
      if (record?.status === "completed") return record.output as unknown as HandlerEvent | null;
      const where = `step.waitForEvent("${userId}")`;
      if (options.match !== undefined && options.if !== undefined)
        fail(`${where}: match and if are mutually exclusive`);
      const expression = options.match !== undefined ? matchToIf(options.match) : null;
      if (expression?._tag === "Left") return fail(`${where}: match: ${expression.left.message}`);
      const source = expression?._tag === "Right" ? expression.right : (options.if ?? null);
      if (source !== null) {
        const compiled = compileExpression(source);
        if (compiled._tag === "Left") {
          return fail(
            `${where}: if: ${compiled.left.message} at position ${compiled.left.position}`,
          );
        }
      }
      const timeout = parseDuration(options.timeout);
      if (timeout._tag === "Left") return fail(`${where}: timeout: ${timeout.left}`);
      report({
        op: "WaitForEvent",
        id,
        hash,
        event: options.event,
        if: source,
        timeoutAt: input.now + timeout.right,
      });
      return halt();
    },
    async sendEvent(userId, events) {
      const { id, hash, record } = memo(run, nextId, userId);
      if (record?.status === "completed") return record.output as unknown as { ids: string[] };
      if (record?.status === "failed") throw new StepFailedError(id, record.error);
      const list: EventInput[] = Array.isArray(events) ? [...events] : [events as EventInput];
      report({ op: "StepPlanned", id, hash, kind: "sendEvent", events: list });
      return halt();
    },
    async invoke<T>(userId: string, options: InvokeOptions): Promise<T> {
      const { id, hash, record } = memo(run, nextId, userId);
      if (record?.status === "completed") return record.output as T;
      if (record?.status === "failed") {
        const { childCancellation } = record;
        if (childCancellation === undefined) throw new StepFailedError(id, record.error);
        throw new InvokeCancelledError(id, toCancellationView(childCancellation));
      }
      const op = invokeOp({ id, hash }, options, input.now);
      if (op._tag === "Left") return fail(`step.invoke("${userId}"): ${op.left}`);
      report(op.right);
      return halt();
    },
  };
};
