import type { Run, RunConfig } from "@quell/core";

/**
 * One `fnConfig` object per function, shared by its runs while the function's configuration does
 * not change: each run's creation builds its own (40 bytes a run), and runs keep it for life.
 */
export class RunConfigs {
  /** functionId → the config object its runs share (the latest one seen). */
  private readonly shared = new Map<string, RunConfig>();

  /** The config `run` should hold: its function's shared one when equal to its own. */
  share(run: Run): RunConfig | undefined {
    const config = run.fnConfig;
    if (config === undefined) return config;
    const shared = this.shared.get(run.functionId);
    if (shared !== undefined && (shared === config || sameFlat(shared, config))) return shared;
    this.shared.set(run.functionId, config);
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
