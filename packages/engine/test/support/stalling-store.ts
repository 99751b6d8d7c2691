import type { Store } from "@quell/core";
import { deferred } from "./drivers";

/**
 * A store whose `method` waits for `open()` the first time it is called after `arm()`: a
 * process stuck in the middle of its work (for good, if `open` is never called).
 */
export const stallingStore = (store: Store, method: "markProcessed" | "listRuns") => {
  const entered = deferred();
  const opened = deferred();
  let armed = false;
  const wrapped: Store = {
    ...store,
    [method]: async (...args: unknown[]) => {
      if (armed) {
        armed = false;
        entered.resolve();
        await opened.promise;
      }
      return (store[method] as (...a: unknown[]) => Promise<unknown>)(...args);
    },
  };
  return {
    store: wrapped,
    arm: () => {
      armed = true;
    },
    /** Resolves once the stalled call has been made. */
    entered: entered.promise,
    open: () => opened.resolve(),
  };
};
