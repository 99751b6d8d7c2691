import { type IngestRequest, ReferenceStore, type Store, type StoreError } from "@quell/core";
import type { AsyncCommand } from "fast-check";
import { type Either, left, right } from "fp-ts/lib/Either.js";

/** The model side of a model-based run: the reference store plus the test's own clock. */
export interface World {
  readonly ref: ReferenceStore;
  /** `receivedAt` of the next ingestion: never goes back, as in one process. */
  clock: number;
  eventCount: number;
}

export const newWorld = (dedupeWindowMs: number): World => ({
  ref: new ReferenceStore(dedupeWindowMs),
  clock: 0,
  eventCount: 0,
});

/** Small pools, so operations collide on the same runs, listeners, keys and times. */
export const POOLS = {
  runs: ["r0", "r1", "r2", "r3"],
  functions: ["f0", "f1"],
  events: ["e0", "e1"],
  signatures: ["s0", "s1"],
  keys: ["k0", "k1"],
  listeners: ["l0", "l1", "l2", "l3", "l4", "l5"],
  dedupeKeys: ["d0", "d1", "d2"],
  bulk: ["b0", "b1", "b2"],
  slots: ["s0", "s1"],
} as const;

export type Command = AsyncCommand<World, Store>;

/** A command from a label and one step that acts on both sides and compares them. */
export const command = (
  label: string,
  params: unknown,
  step: (world: World, store: Store) => Promise<void>,
): Command => ({
  check: () => true,
  run: (world, store) => step(world, store),
  toString: () => `${label}(${JSON.stringify(params)})`,
});

/** An ingestion request with a deterministic id, received at the world's clock. */
export const request = (world: World, name: string, dedupeKey: string | null): IngestRequest => {
  world.eventCount += 1;
  const internalId = `m-${String(world.eventCount).padStart(6, "0")}`;
  return {
    internalId,
    dedupeKey,
    receivedAt: world.clock,
    payload: {
      name,
      data: { n: world.eventCount },
      id: dedupeKey ?? internalId,
      ts: world.clock,
      user: {},
    },
  };
};

/** The reference's answer in the port's shape. */
export const asEither = (error: StoreError | null): Either<StoreError, void> =>
  error === null ? right(undefined) : left(error);

/** An event id the world knows, or one nobody ingested when `pick` runs past the end. */
export const pickEvent = (world: World, pick: number): string =>
  [...world.ref.model.events.values()][pick]?.internalId ?? `m-unknown-${pick}`;
