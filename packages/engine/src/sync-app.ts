import { decideSync, type Logger, type Store, type SyncedApp } from "@quell/core";
import type { Clock } from "./clock";
import type { FunctionRegistry } from "./registry";

/** What a sync answers: `Synced` (`modified` when the functions changed) or `Refused`. */
export type SyncResult =
  | { readonly _tag: "Synced"; readonly modified: boolean }
  | { readonly _tag: "Refused"; readonly error: string };

export interface SyncContext {
  readonly store: Store;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly registry: FunctionRegistry;
  /** Process what is due now with the new functions (a sync that changed them). */
  readonly tick: () => Promise<void>;
}

/**
 * Sync an SDK app: the core decides (`decideSync`), this writes the app when its record changes
 * and reloads the functions. A refusal is recorded on the app too (`GET /v1/apps` shows it).
 */
export const syncApp = async (
  ctx: SyncContext,
  app: SyncedApp,
  problem: string | null,
): Promise<SyncResult> => {
  const apps = await ctx.registry.refresh();
  const decision = decideSync({
    app,
    problem,
    stored: apps.find((stored) => stored.id === app.id),
    taken: ctx.registry.takenBy(app.id),
    now: ctx.clock.now(),
  });
  if (decision.write) {
    await ctx.store.putApp(decision.record);
    await ctx.registry.refresh();
  }
  if (decision._tag === "Refused") return { _tag: "Refused", error: decision.error };
  if (decision.modified) {
    for (const fn of decision.functions)
      for (const warning of fn.warnings) ctx.logger.warn(`${fn.slug}: ${warning}`);
    await ctx.tick();
  }
  return { _tag: "Synced", modified: decision.modified };
};
