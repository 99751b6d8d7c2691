import { parseDuration } from "@quell/core";

/** The clock port: the only place the runtime reads time or waits. */
export interface Clock {
  now(): number;
  /** Call `callback` once at `at` (epoch ms); returns a function that cancels it. */
  setTimer(at: number, callback: () => unknown): () => void;
}

// setTimeout overflows past 2^31-1 ms (~24.8 days); longer waits re-arm.
const MAX_TIMEOUT_MS = 2 ** 31 - 1;

/** Wall-clock time: `Date.now()` and `setTimeout`, used in production. */
export const realClock = (): Clock => ({
  now: () => Date.now(),
  setTimer: (at, callback) => {
    let handle: ReturnType<typeof setTimeout>;
    const arm = (): void => {
      const delay = at - Date.now();
      handle = setTimeout(
        delay > MAX_TIMEOUT_MS ? arm : callback,
        Math.min(Math.max(delay, 0), MAX_TIMEOUT_MS),
      );
      handle.unref?.();
    };
    arm();
    return () => clearTimeout(handle);
  },
});

export interface VirtualClock extends Clock {
  /** Move time forward, calling due timers in order and awaiting what each returns. */
  advance(duration: string | number): Promise<void>;
}

/** Time that moves only when told to: deterministic runs of the real engine. */
export const virtualClock = (start: number | Date = Date.UTC(2024, 0, 1)): VirtualClock => {
  let now = typeof start === "number" ? start : start.getTime();
  let nextId = 0;
  const timers = new Map<number, { at: number; callback: () => unknown }>();
  const earliest = (
    limit: number,
  ): [number, { at: number; callback: () => unknown }] | undefined => {
    let found: [number, { at: number; callback: () => unknown }] | undefined;
    for (const entry of timers) {
      if (entry[1].at <= limit && (found === undefined || entry[1].at < found[1].at)) found = entry;
    }
    return found;
  };
  return {
    now: () => now,
    setTimer: (at, callback) => {
      nextId += 1;
      const id = nextId;
      timers.set(id, { at, callback });
      return () => timers.delete(id);
    },
    advance: async (duration) => {
      const ms = parseDuration(duration);
      if (ms._tag === "Left") throw new Error(`advance: ${ms.left}`);
      const target = now + ms.right;
      for (let due = earliest(target); due !== undefined; due = earliest(target)) {
        timers.delete(due[0]);
        now = Math.max(now, due[1].at);
        await due[1].callback();
      }
      now = target;
    },
  };
};
