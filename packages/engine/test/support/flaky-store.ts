import { type Store, StoreUnavailableError } from "@quell/core";
import { memoryStore } from "@quell/memory";

type Method = keyof Store;

/**
 * The memory store behind a switch that makes calls reject with `StoreUnavailableError`, as
 * the Redis store does when Redis is down: every call (`down()`), or only some methods
 * (`down(["commitRun"])`), or only their answers (`loseAnswers`). The failures are injected where a real outage would show them, so
 * the engine's recovery runs deterministically on the virtual clock.
 */
export const flakyStore = (inner: Store = memoryStore()) => {
  let failing: ReadonlySet<Method> | "all" | null = null;
  let failure: () => Error = () =>
    new StoreUnavailableError("unreachable", "test store", "switched off");
  let refused = 0;
  let losing: ReadonlySet<Method> = new Set();
  const fails = (method: Method): boolean => failing === "all" || failing?.has(method) === true;
  const wrapped: Record<string, unknown> = {};
  for (const [name, method] of Object.entries(inner) as [Method, (...a: unknown[]) => unknown][]) {
    wrapped[name] = async (...args: unknown[]) => {
      if (fails(name)) {
        refused += 1;
        throw failure();
      }
      const result = await method(...args);
      if (losing.has(name)) {
        refused += 1;
        throw failure(); // it happened; only the answer is lost
      }
      return result;
    };
  }
  return {
    store: wrapped as unknown as Store,
    /** Fail every call, or only calls to `methods` (with `error`, or as unavailable). */
    down: (methods?: readonly Method[], error?: () => Error) => {
      failing = methods === undefined ? "all" : new Set(methods);
      if (error !== undefined) failure = error;
    },
    /** Let calls to `methods` through, but answer them as if the store went down right after. */
    loseAnswers: (methods: readonly Method[]) => {
      losing = new Set(methods);
    },
    up: () => {
      failing = null;
      losing = new Set();
    },
    /** How many calls were refused so far. */
    get refused() {
      return refused;
    },
  };
};
