import type { Run, RunConfig } from "@quell/core";

/**
 * One `fnConfig` object per function, shared by its runs while the function's configuration does
 * not change: each run's creation builds its own (40 bytes a run), and runs keep it for life.
 */
export class RunConfigs {
  /** functionId → the config object its runs share (the latest one seen). */
  private readonly shared = new Map<string, RunConfig>();

  /**
   * The run to store: `run` itself when its config is already the shared one (every commit the
   * engine derives from a stored run), else a copy holding the shared one, equal to `run`.
   */
  share(run: Run): Run {
    const config = run.fnConfig;
    if (config === undefined) return run;
    const shared = this.shared.get(run.functionId);
    if (shared === config) return run;
    if (shared !== undefined && sameFlat(shared, config)) return { ...run, fnConfig: shared };
    this.shared.set(run.functionId, config);
    return run;
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
