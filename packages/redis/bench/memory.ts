import type { Redis } from "ioredis";
import { hashTag } from "../src/keys";

/** Keys of the ingestion log (with the event listing's sets): they belong to events, not runs. */
const LOG_KEYS = new Set(["seq", "ev", "ev:idle", "pending", "dd", "dd:at", "ev:o"]);
const isLogKey = (name: string): boolean => LOG_KEYS.has(name) || name.startsWith("ev:o:");

export interface NamespaceBytes {
  /** MEMORY USAGE (exact, SAMPLES 0) summed over the namespace's keys, log keys excluded. */
  readonly run: number;
  /** The same over the log keys. */
  readonly log: number;
  readonly keys: Readonly<Record<string, number>>;
}

/** MEMORY USAGE of every key under `prefix`, split into run keys and event-log keys. */
export const namespaceBytes = async (admin: Redis, prefix: string): Promise<NamespaceBytes> => {
  const keys: Record<string, number> = {};
  let run = 0;
  let log = 0;
  let cursor = "0";
  do {
    const [next, batch] = await admin.scan(cursor, "MATCH", `${hashTag(prefix)}*`, "COUNT", 1000);
    for (const key of batch) {
      const bytes = Number(await admin.call("MEMORY", "USAGE", key, "SAMPLES", "0"));
      const name = key.slice(hashTag(prefix).length);
      if (isLogKey(name)) log += bytes;
      else run += bytes;
      if (Object.keys(keys).length < 20) keys[name] = bytes;
    }
    cursor = next;
  } while (cursor !== "0");
  return { run, log, keys };
};
