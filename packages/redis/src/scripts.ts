import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import type { Cluster, Redis } from "ioredis";
import { replyErrorKind } from "./errors";
import { sendEvalsha } from "./script-pipeline";

/** How many keys a script takes: a fixed number, or `"n"` when each call says (EVALSHA numkeys). */
export type KeyCount = number | "n";

/** One Lua script, expanded with its includes, ready for EVALSHA. */
export interface LuaScript {
  readonly name: string;
  readonly numberOfKeys: KeyCount;
  readonly source: string;
  readonly sha: string;
}

const LUA_DIR = new URL("./lua/", import.meta.url);
const INCLUDE = /^--- @include "([\w/.-]+)"[ \t]*$/gm;

/**
 * Set `QUELL_REDIS_CHECK_KEYS=1` (the test suites do, in vitest.setup.ts) to run every script
 * with this prelude: it shadows `redis` with one whose `call` and `pcall` raise when the key a
 * command names (its first argument: every command the scripts use takes one key, there, but
 * `OBJECT ENCODING <key>`, whose key is its second) is not in KEYS. `PUBLISH` names a channel,
 * not a key, and is let through. Redis itself never
 * checks that a key was declared, not even a Cluster for a key in the same slot, so this is
 * what catches a script that derives an undeclared key.
 */
export const KEY_CHECK_PRELUDE = `local redis = (function(server)
  local declared = {}
  for _, key in ipairs(KEYS) do declared[key] = true end
  local function checked(call)
    return function(command, first, ...)
      local key = first
      if command == "OBJECT" then key = ... end
      if command ~= "PUBLISH" and not declared[key] then
        error("undeclared key: " .. command .. " " .. tostring(key) .. " is not in KEYS")
      end
      return call(command, first, ...)
    end
  end
  return setmetatable({ call = checked(server.call), pcall = checked(server.pcall) },
    { __index = server })
end)(redis)
`;

const checkKeys = process.env.QUELL_REDIS_CHECK_KEYS === "1";

/** Inline `--- @include "includes/x"` lines, each file once, before its first user. */
const expand = (file: string, seen: Set<string>): string =>
  readFileSync(new URL(file, LUA_DIR), "utf8").replace(INCLUDE, (_line, name: string) => {
    if (seen.has(name)) return "";
    seen.add(name);
    return expand(`${name}.lua`, seen);
  });

/** A script from its source: with the key check's prelude when `QUELL_REDIS_CHECK_KEYS=1`. */
export const luaScript = (name: string, numberOfKeys: KeyCount, body: string): LuaScript => {
  const source = checkKeys ? `${KEY_CHECK_PRELUDE}${body}` : body;
  const sha = createHash("sha1").update(source).digest("hex");
  return { name, numberOfKeys, source, sha };
};

const load = (name: string, numberOfKeys: KeyCount): LuaScript =>
  luaScript(name, numberOfKeys, expand(`${name}-${numberOfKeys}.lua`, new Set()));

/**
 * Every script, by the transition it performs (`src/lua/<name>-<numberOfKeys>.lua`, `-n` when
 * the number of keys varies per call; each file's header says what KEYS holds).
 */
export const SCRIPTS = {
  ingest: load("ingest", "n"),
  createRun: load("createRun", "n"),
  commitRun: load("commitRun", "n"),
  claimQueued: load("claimQueued", 2),
  claimExpiredLeases: load("claimExpiredLeases", 1),
  renewLeases: load("renewLeases", 1),
  nextDueAt: load("nextDueAt", 3),
  acquireLock: load("acquireLock", 1),
  releaseLock: load("releaseLock", 1),
  pendingEvents: load("pendingEvents", 2),
  getRun: load("getRun", 2),
  markProcessed: load("markProcessed", "n"),
  prune: load("prune", "n"),
  findListeners: load("findListeners", "n"),
  findKeyed: load("findKeyed", "n"),
  listRuns: load("listRuns", "n"),
  listEvents: load("listEvents", 2),
  putBulkCancellation: load("putBulkCancellation", 4),
  listBulkCancellations: load("listBulkCancellations", 2),
} as const;

export type ScriptName = keyof typeof SCRIPTS;

/**
 * Run a script by SHA through the namespace's script pipeline (`sendEvalsha`), sending its
 * source only when the server does not know it (first use, or after a restart emptied the
 * script cache). Every script takes at least one key: a Cluster client routes it by them.
 * `bytes`: answer bulk strings as bytes, with the `Buffer` twins ioredis gives every command
 * (its `Commander` defines `<command>Buffer`), which its typings leave out for the scripting
 * commands; `callBuffer` would not do: auto-pipelining drops its command name.
 */
const runScript = async (
  client: Redis | Cluster,
  bytes: boolean,
  script: LuaScript,
  keys: readonly string[],
  args: readonly (string | Buffer)[],
): Promise<unknown> => {
  const fixed = script.numberOfKeys !== "n";
  const [firstKey] = keys;
  if (firstKey === undefined || (fixed && keys.length !== script.numberOfKeys)) {
    const expected = fixed ? script.numberOfKeys : "at least 1";
    throw new RangeError(`${script.name} takes ${expected} keys, got ${keys.length}`);
  }
  try {
    const method = bytes ? "evalshaBuffer" : "evalsha";
    return await sendEvalsha(client, firstKey, method, [script.sha, keys.length, ...keys, ...args]);
  } catch (error) {
    if (replyErrorKind(error) !== "NOSCRIPT") throw error;
    const evalBuffer = (client as unknown as { evalBuffer: Redis["eval"] }).evalBuffer;
    const send = bytes ? evalBuffer.bind(client) : client.eval.bind(client);
    return send(script.source, keys.length, ...keys, ...args);
  }
};

/** `runScript` answering bulk strings as text. */
export const evalScript = (
  client: Redis | Cluster,
  script: LuaScript,
  keys: readonly string[],
  args: readonly (string | Buffer)[],
): Promise<unknown> => runScript(client, false, script, keys, args);

/** `runScript` answering bulk strings as bytes (a run's JSON pieces are joined as bytes). */
export const evalScriptBuffer = (
  client: Redis | Cluster,
  script: LuaScript,
  keys: readonly string[],
  args: readonly (string | Buffer)[],
): Promise<unknown> => runScript(client, true, script, keys, args);
