import {
  type App,
  type EngineFunction,
  formatConfigError,
  type Logger,
  type QuellFunction,
  type RemoteFunction,
  remoteFunctions,
  type Store,
} from "@quell/core";

/**
 * The functions the engine runs: the in-process ones it was given, and those of the SDK apps
 * synced into the store, which every process sharing the store sees (`refresh` reads them).
 */
export interface FunctionRegistry {
  /** Every function by slug. The same map until a refresh finds a change. */
  map(): ReadonlyMap<string, EngineFunction>;
  /** Whether `appId` is a synced app (its runs fail when a sync removed their function). */
  isApp(appId: string): boolean;
  /** Slugs taken, and by whom, for a sync of `appId` (every function but that app's own). */
  takenBy(appId: string): ReadonlyMap<string, string>;
  /** Read the apps from the store; rebuild only what changed. */
  refresh(): Promise<readonly App[]>;
}

interface Built {
  readonly json: string;
  readonly functions: readonly RemoteFunction[];
}

export const createRegistry = (
  local: readonly QuellFunction[],
  store: Store,
  logger: Logger,
): FunctionRegistry => {
  const localMap = new Map<string, EngineFunction>(local.map((fn) => [fn.slug, fn]));
  let current: ReadonlyMap<string, EngineFunction> = localMap;
  let built = new Map<string, Built>();

  const buildApp = (app: App, json: string): Built => {
    const functions = remoteFunctions(app);
    if (functions._tag === "Right") return { json, functions: functions.right };
    // Validated at sync: only a store written by another version could hold this.
    logger.warn(`quell: app ${app.id} is not run: ${formatConfigError(functions.left)}`);
    return { json, functions: [] };
  };

  return {
    map: () => current,
    isApp: (appId) => built.has(appId),
    takenBy: (appId) => {
      const taken = new Map<string, string>();
      for (const slug of localMap.keys()) taken.set(slug, "an in-process function");
      for (const [id, app] of built) {
        if (id === appId) continue;
        for (const fn of app.functions) taken.set(fn.slug, `app ${id}`);
      }
      return taken;
    },
    refresh: async () => {
      const apps = await store.listApps();
      const next = new Map<string, Built>();
      let changed = apps.length !== built.size;
      for (const app of apps) {
        const json = JSON.stringify(app.functions);
        const old = built.get(app.id);
        if (old !== undefined && old.json === json) next.set(app.id, old);
        else {
          next.set(app.id, buildApp(app, json));
          changed = true;
        }
      }
      if (!changed) return apps;
      built = next;
      const map = new Map(localMap);
      for (const app of next.values())
        for (const fn of app.functions) if (!map.has(fn.slug)) map.set(fn.slug, fn);
      current = map;
      return apps;
    },
  };
};
