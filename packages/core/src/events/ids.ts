import { encodeTime } from "ulid";

/**
 * Deterministic ULIDs for simulations and model checking: the time part is the virtual time,
 * the "random" part a counter, so the same inputs always produce the same ids. The runtime
 * uses real ULIDs instead.
 */
export const deterministicIds = (): ((now: number) => string) => {
  let counter = 0;
  return (now) => {
    counter += 1;
    return encodeTime(now, 10) + encodeTime(counter, 16);
  };
};
