import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import type { Redis } from "ioredis";
import { replyErrorKind } from "./errors";

/** One Lua script, expanded with its includes, ready for EVALSHA. */
export interface LuaScript {
  readonly name: string;
  readonly numberOfKeys: number;
  readonly source: string;
  readonly sha: string;
}

const LUA_DIR = new URL("./lua/", import.meta.url);
const INCLUDE = /^--- @include "([\w/.-]+)"[ \t]*$/gm;

/** Inline `--- @include "includes/x"` lines, each file once, before its first user. */
const expand = (file: string, seen: Set<string>): string =>
  readFileSync(new URL(file, LUA_DIR), "utf8").replace(INCLUDE, (_line, name: string) => {
    if (seen.has(name)) return "";
    seen.add(name);
    return expand(`${name}.lua`, seen);
  });

const load = (name: string, numberOfKeys: number): LuaScript => {
  const source = expand(`${name}-${numberOfKeys}.lua`, new Set());
  const sha = createHash("sha1").update(source).digest("hex");
  return { name, numberOfKeys, source, sha };
};

/** Every script, by the transition it performs (`src/lua/<name>-<numberOfKeys>.lua`). */
export const SCRIPTS = {
  ingest: load("ingest", 5),
  createRun: load("createRun", 14),
  commitRun: load("commitRun", 13),
  claimQueued: load("claimQueued", 2),
  claimExpiredLeases: load("claimExpiredLeases", 1),
  renewLeases: load("renewLeases", 1),
  nextDueAt: load("nextDueAt", 3),
  acquireLock: load("acquireLock", 1),
  releaseLock: load("releaseLock", 1),
  pendingEvents: load("pendingEvents", 2),
  markProcessed: load("markProcessed", 3),
  prune: load("prune", 13),
  findUnindexed: load("findUnindexed", 1),
  findKeyed: load("findKeyed", 1),
  listRuns: load("listRuns", 0),
  runsForEvent: load("runsForEvent", 0),
  runsCancelledBy: load("runsCancelledBy", 0),
  listEvents: load("listEvents", 2),
  putBulkCancellation: load("putBulkCancellation", 4),
  listBulkCancellations: load("listBulkCancellations", 2),
} as const;

export type ScriptName = keyof typeof SCRIPTS;

/**
 * Run a script by SHA, sending its source only when the server does not know it (first use,
 * or after a restart emptied the script cache).
 */
export const evalScript = async (
  client: Redis,
  script: LuaScript,
  keys: readonly string[],
  args: readonly (string | Buffer)[],
): Promise<unknown> => {
  if (keys.length !== script.numberOfKeys) {
    throw new RangeError(`${script.name} takes ${script.numberOfKeys} keys, got ${keys.length}`);
  }
  try {
    return await client.evalsha(script.sha, script.numberOfKeys, ...keys, ...args);
  } catch (error) {
    if (replyErrorKind(error) !== "NOSCRIPT") throw error;
    return client.eval(script.source, script.numberOfKeys, ...keys, ...args);
  }
};
