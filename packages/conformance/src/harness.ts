import type { Store } from "@quell/core";
import { afterEach } from "vitest";

/** How an adapter plugs into the suite. */
export interface StoreConformanceOptions {
  /** Shown in the suite's title, e.g. "memory" or "redis". */
  readonly name: string;
  /** A store in a fresh, empty namespace; called once per test (no shared `clear()`). */
  readonly create: () => Store | Promise<Store>;
  /** Release what `create` made (connections, keys); called after each test. */
  readonly destroy?: (store: Store) => Promise<void> | void;
  /** The dedupe window of the stores `create` returns (default 24 h, SPEC §5). */
  readonly dedupeWindowMs?: number;
  /** Sequences tried by the model-based test (default 60). */
  readonly modelRuns?: number;
}

export const DAY_MS = 24 * 60 * 60 * 1000;

/** What each group of tests receives. */
export interface Harness {
  /** A fresh store, destroyed after the current test. */
  readonly fresh: () => Promise<Store>;
  readonly options: StoreConformanceOptions;
  readonly dedupeWindowMs: number;
}

/** Register per-test cleanup in the current `describe` and hand out fresh stores. */
export const harness = (options: StoreConformanceOptions): Harness => {
  const created: Store[] = [];
  afterEach(async () => {
    for (const store of created.splice(0)) await options.destroy?.(store);
  });
  return {
    options,
    dedupeWindowMs: options.dedupeWindowMs ?? DAY_MS,
    fresh: async () => {
      const store = await options.create();
      created.push(store);
      return store;
    },
  };
};

/** Ids of items, sorted: for results whose order the port leaves open. */
export const sortedIds = (items: readonly { readonly id: string }[]): string[] =>
  items.map((item) => item.id).sort();
