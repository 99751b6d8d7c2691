import type { Clock } from "../clock";

interface Waiting {
  readonly at: number;
  readonly callback: () => unknown;
}

/**
 * The clock the partitions of one process share: their timers wait on one timer of `clock`,
 * and every callback due at an instant starts together. So the work due at one instant in all
 * partitions (a sleep's end in one, another's in the next) starts before what that work causes
 * (an event a step sends, relayed to the other partitions) reaches another partition — as on
 * one store, where one tick fires every timer due. On a virtual clock, which calls its timers
 * one after another and awaits each, the partitions would otherwise take an instant in turns,
 * and the first could cancel a run the next was about to finish at that same instant.
 */
export const instantClock = (clock: Clock): Clock => {
  let nextId = 0;
  const waiting = new Map<number, Waiting>();
  let armed: { readonly at: number; readonly cancel: () => void } | null = null;

  const rearm = (): void => {
    let earliest: number | null = null;
    for (const timer of waiting.values()) {
      if (earliest === null || timer.at < earliest) earliest = timer.at;
    }
    if (armed !== null && armed.at === earliest) return;
    armed?.cancel();
    armed = null;
    if (earliest === null) return;
    const at = earliest;
    armed = { at, cancel: clock.setTimer(at, () => fire(at)) };
  };

  const fire = async (at: number): Promise<void> => {
    armed = null;
    const now = Math.max(clock.now(), at);
    const due = [...waiting].filter(([, timer]) => timer.at <= now);
    for (const [id] of due) waiting.delete(id);
    rearm();
    await Promise.all(due.map(async ([, timer]) => timer.callback()));
  };

  return {
    now: () => clock.now(),
    setTimer: (at, callback) => {
      nextId += 1;
      const id = nextId;
      waiting.set(id, { at, callback });
      rearm();
      return () => {
        if (waiting.delete(id)) rearm();
      };
    },
  };
};
