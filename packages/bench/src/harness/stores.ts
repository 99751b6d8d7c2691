import type { Store } from "@quell/core";
import { memoryStore } from "@quell/memory";

/**
 * How the bench gets a store. Every adapter adds an entry here (`pnpm bench --store=<name>`)
 * and runs the same scenarios; each task's process uses one store, chosen before it starts.
 */
export interface StoreAdapter {
  /** A fresh, empty store. */
  create(): Promise<Store>;
  /** Release what `create` made (connections, keys). */
  destroy?(store: Store): Promise<void>;
  /** Scenarios that only mean something for this store's process (heap per run: memory). */
  readonly measuresHeap: boolean;
}

export const storeAdapters: Readonly<Record<string, StoreAdapter>> = {
  memory: { create: async () => memoryStore(), measuresHeap: true },
};

let active: StoreAdapter = storeAdapters.memory as StoreAdapter;

/** Select the adapter for this process (the runner does, from its arguments). */
export const useStore = (name: string): void => {
  const adapter = storeAdapters[name];
  if (adapter === undefined)
    throw new Error(`unknown store ${name}; known: ${Object.keys(storeAdapters).join(", ")}`);
  active = adapter;
};

export const activeStore = (): StoreAdapter => active;
