import type { RedisClient } from "./client";
import type { Keys } from "./keys";

/** What every part of the store shares: the connection, the namespace and the settings. */
export interface StoreContext {
  readonly client: RedisClient;
  readonly keys: Keys;
  readonly dedupeWindowMs: number;
  /** Tell the other processes of the namespace that work was added (after the write answered). */
  readonly announceWork: () => void;
  /** The work channel and this store's message, for the ingest script's own PUBLISH. */
  readonly publishArgs: readonly [channel: string, origin: string];
}
