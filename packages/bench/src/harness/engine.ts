import type { Logger, QuellFunction, Store } from "@quell/core";
import { createEngine, type Engine, virtualClock } from "@quell/engine";
import { T0 } from "../fixtures";
import { activeStore } from "./stores";

const quiet: Logger = {
  info: () => {},
  debug: () => {},
  warn: () => {},
  error: (...args: unknown[]) => console.error(...args),
};

export interface Running {
  readonly engine: Engine;
  readonly store: Store;
  /** Stop the engine and release the store. */
  stop(): Promise<void>;
}

/**
 * The engine as users build it (`createEngine` over the selected store, `memoryStore()` unless
 * `--store` says otherwise), on a virtual clock that stays at T0: nothing a scenario puts to
 * sleep wakes while it is measured, and no real timer adds latency. Only errors are logged.
 */
export const startEngine = async (functions: readonly QuellFunction[]): Promise<Running> => {
  const adapter = activeStore();
  const store = await adapter.create();
  const engine = createEngine({ functions, store, clock: virtualClock(T0), logger: quiet });
  await engine.start();
  return {
    engine,
    store,
    stop: async () => {
      await engine.stop();
      await adapter.destroy?.(store);
    },
  };
};
