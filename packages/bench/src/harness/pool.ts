import type { QuellFunction, Store } from "@quell/core";
import type { Engine } from "@quell/engine";
import { createSeeder, type Seeded } from "../seed";
import { randomSource } from "./timing";

/**
 * A constant number of sleeping runs. `take` picks distinct random runs to cancel; `refill`
 * seeds a new run in each emptied slot, so the next measurement sees the same number pending.
 */
export interface Pool {
  readonly size: number;
  take(count: number): Seeded[];
  /** Seed replacements for runs handed out by `take` (call after they were cancelled). */
  refill(): Promise<void>;
}

export const createPool = async (store: Store, fn: QuellFunction, size: number): Promise<Pool> => {
  const seed = createSeeder(store, fn);
  const slots: Seeded[] = [];
  for (let i = 0; i < size; i++) slots.push(await seed(i));
  const random = randomSource(size);
  let next = size;
  let taken: number[] = [];
  return {
    size,
    take: (count) => {
      if (taken.length > 0) throw new Error("pool: refill before taking again");
      const chosen = new Set<number>();
      while (chosen.size < Math.min(count, size)) chosen.add(Math.floor(random() * size));
      taken = [...chosen];
      return taken.map((slot) => slots[slot] as Seeded);
    },
    refill: async () => {
      for (const slot of taken) {
        slots[slot] = await seed(next);
        next += 1;
      }
      taken = [];
    },
  };
};

/** Throws unless every given run ended `Cancelled` (a benchmark that measured nothing lies). */
export const expectCancelled = async (engine: Engine, runs: readonly Seeded[]): Promise<void> => {
  for (const { runId } of runs) {
    const view = await engine.getRun(runId);
    if (view?.status !== "Cancelled")
      throw new Error(`run ${runId} is ${view?.status ?? "missing"}`);
  }
};
