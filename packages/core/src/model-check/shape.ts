import { NonRetriableError } from "../sdk/errors";
import { Quell } from "../sdk/quell";
import type { CancelOnConfig, QuellFunction, SingletonConfig, TimeoutsConfig } from "../sdk/types";

/** One step of a generated function. */
export type ShapeStep =
  /** `step.run`; it throws on its first `fails` attempts (non-retriably when `fatal`). */
  | { readonly kind: "run"; readonly id: string; readonly fails?: number; readonly fatal?: boolean }
  | { readonly kind: "sleep"; readonly id: string; readonly duration: string | number }
  /** `step.waitForEvent` for `event` whose `data.key` matches the trigger's. */
  | {
      readonly kind: "wait";
      readonly id: string;
      readonly event: string;
      readonly timeout: string | number;
    }
  /** `step.sendEvent` of `event` carrying `data.key`: `key`, or the trigger's by default. */
  | { readonly kind: "send"; readonly id: string; readonly event: string; readonly key?: string };

/**
 * A function described as data, so tests can generate many (with fast-check, say) and hand them
 * to the explorer or to both the simulation and the engine. Runs are keyed by `data.key`.
 */
export interface FunctionShape {
  readonly id: string;
  readonly trigger: string;
  readonly cancelOn?: readonly CancelOnConfig[];
  readonly retries?: number;
  readonly singleton?: SingletonConfig;
  readonly timeouts?: TimeoutsConfig;
  readonly steps: readonly ShapeStep[];
}

/**
 * Build the function a shape describes, in app `appId`.
 *
 * @example
 * const fn = functionFromShape("gen", {
 *   id: "job", trigger: "job/start",
 *   cancelOn: [{ event: "job/stop", match: "data.key" }],
 *   steps: [{ kind: "run", id: "a" }, { kind: "sleep", id: "nap", duration: "1h" }, { kind: "run", id: "b" }],
 * });
 */
export const functionFromShape = (appId: string, shape: FunctionShape): QuellFunction =>
  new Quell({ id: appId }).createFunction(
    {
      id: shape.id,
      ...(shape.cancelOn !== undefined ? { cancelOn: shape.cancelOn } : {}),
      ...(shape.retries !== undefined ? { retries: shape.retries } : {}),
      ...(shape.singleton !== undefined ? { singleton: shape.singleton } : {}),
      ...(shape.timeouts !== undefined ? { timeouts: shape.timeouts } : {}),
    },
    { event: shape.trigger },
    async ({ event, step }) => {
      const results: unknown[] = [];
      for (const s of shape.steps) {
        switch (s.kind) {
          case "run":
            results.push(
              await step.run(s.id, ({ attempt }) => {
                if (attempt < (s.fails ?? 0)) {
                  throw s.fatal === true
                    ? new NonRetriableError(`${s.id} failed`)
                    : new Error(`${s.id} failed`);
                }
                return `${s.id}@${attempt}`;
              }),
            );
            break;
          case "sleep":
            await step.sleep(s.id, s.duration);
            break;
          case "wait":
            results.push(
              await step.waitForEvent(s.id, {
                event: s.event,
                timeout: s.timeout,
                match: "data.key",
              }),
            );
            break;
          case "send":
            await step.sendEvent(s.id, { name: s.event, data: { key: s.key ?? event.data.key } });
            break;
        }
      }
      return results.length;
    },
  );
