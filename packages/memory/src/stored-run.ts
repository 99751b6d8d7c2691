import type { EventPayload, Run, RunConfig } from "@quell/core";

declare const packed: unique symbol;

/**
 * A run as the memory store keeps it: a copy of the written run that shares what runs have in
 * common, read back through `unpack`. The brand keeps a stored form from reaching a caller.
 */
export type StoredRun = Run & { readonly [packed]: true };

/**
 * Stands for `events: [event]`, the case of every run an event triggered: the stored run keeps
 * this one empty array instead of an array of its own (56 bytes a run).
 */
const ONLY_TRIGGER: EventPayload[] = Object.freeze([]) as unknown as EventPayload[];

/**
 * Packs runs for storage and reads them back exactly as written (same values, same keys in the
 * same order). Shared: the `events` array of a run triggered by one event (rebuilt on read), and
 * `fnConfig`, one object per function while its configuration does not change (runs keep it for
 * life, and each run's creation builds its own).
 */
export class RunPacker {
  /** functionId → the config object its runs share (the latest one seen). */
  private readonly configs = new Map<string, RunConfig>();

  pack(run: Run): StoredRun {
    const stored = { ...run } as Run;
    if (run.events.length === 1 && run.events[0] === run.event) stored.events = ONLY_TRIGGER;
    if (run.fnConfig !== undefined)
      stored.fnConfig = this.sharedConfig(run.functionId, run.fnConfig);
    return stored as StoredRun;
  }

  unpack(stored: StoredRun): Run {
    return stored.events === ONLY_TRIGGER ? { ...stored, events: [stored.event] } : stored;
  }

  private sharedConfig(functionId: string, config: RunConfig): RunConfig {
    const shared = this.configs.get(functionId);
    if (shared === config || (shared !== undefined && sameFlat(shared, config))) return shared;
    this.configs.set(functionId, config);
    return config;
  }
}

/** Same own keys in the same order, each with the identical value (configs are flat). */
const sameFlat = (a: object, b: object): boolean => {
  const aEntries = Object.entries(a);
  const bKeys = Object.keys(b);
  if (aEntries.length !== bKeys.length) return false;
  return aEntries.every(
    ([key, value], i) => bKeys[i] === key && (b as Record<string, unknown>)[key] === value,
  );
};
