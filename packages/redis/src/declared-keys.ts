import { cancelledByEvent, type Listener, RunState, type RunWrite } from "@quell/core";
import type { Cluster, Redis } from "ioredis";
import { boundedMap } from "./bounded-map";
import { CODE, RedisStoreError } from "./errors";
import {
  cancelledByKey,
  eventOrderKey,
  type Keys,
  listenerIndexKey,
  listenerSetKey,
  onlyForListenersKeys,
  runIndexKey,
  signaturesKey,
  unindexedKey,
  writeKeys,
} from "./keys";
import { evalScript, type LuaScript } from "./scripts";

/** A plan that finds new keys this often in a row is chasing writes that keep moving them. */
const MAX_ATTEMPTS = 5;

const ALL_STATES = Object.keys(RunState.keys);

const missingNames = (reply: unknown): readonly string[] | null => {
  if (!Array.isArray(reply) || reply[0] !== CODE.KEYS_MISSING) return null;
  const names: unknown = reply[1];
  if (!Array.isArray(names) || !names.every((n) => typeof n === "string")) return null;
  return names as string[];
};

/**
 * Run a script whose keys depend on stored data (`includes/declared.lua`): when it answers
 * KEYS_MISSING, it wrote nothing; send it again with the keys it named added to KEYS.
 */
export const evalPlanned = async (
  client: Redis | Cluster,
  script: LuaScript,
  keys: readonly string[],
  args: readonly string[],
): Promise<unknown> => {
  const declared = [...new Set(keys)];
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    const reply = await evalScript(client, script, declared, args);
    const missing = missingNames(reply);
    if (missing === null) return reply;
    declared.push(...missing.filter((name) => !declared.includes(name)));
  }
  const detail = `the keys to declare kept changing over ${MAX_ATTEMPTS} attempts`;
  throw new RedisStoreError({ _tag: "BadReply", what: script.name, detail });
};

/** The index keys of a listener (as `includes/listenerKeys.lua` names them). */
export const listenerKeys = (keys: Keys, listener: Listener): string[] =>
  listener.index === null
    ? [unindexedKey(keys, listener.event)]
    : [
        listenerSetKey(keys, listener.event, listener.index.signature, listener.index.key),
        signaturesKey(keys, listener.event),
        listenerIndexKey(keys, listener.event),
      ];

/**
 * The index keys of the listeners this store added, by id, so that the write removing one can
 * declare them (a miss costs one more round trip: the script names them). Bounded; the oldest
 * entries go first.
 */
export const listenerKeyCache = (limit = 10_000) => {
  const known = boundedMap<string, readonly string[]>(limit);
  return {
    get: (id: string): readonly string[] => known.get(id) ?? [],
    /** After a write that stored `write`. */
    wrote: (keys: Keys, write: RunWrite): void => {
      for (const id of write.removeListeners) known.delete(id);
      for (const listener of write.addListeners)
        known.set(listener.id, listenerKeys(keys, listener));
    },
  };
};

export type ListenerKeyCache = ReturnType<typeof listenerKeyCache>;

/**
 * The KEYS of a createRun or commitRun: the fixed ones, then every derived key the write is
 * expected to touch. `leaving`: the state the stored run is in, as the writer knows it (a new
 * run's own state; a commit's `expectedState`), or undefined for a commit that does not say:
 * then the state sets of every state. A wrong guess costs a round trip, never a wrong write:
 * the script plans from the stored state and names what is missing. A removed listener's keys
 * come from `cache`.
 */
export const writeScriptKeys = (
  keys: Keys,
  write: RunWrite,
  leaving: RunState | undefined,
  cache: ListenerKeyCache,
): string[] => {
  const { run } = write;
  const states =
    leaving === undefined ? ALL_STATES : leaving === run.state ? [run.state] : [leaving, run.state];
  const canceller = cancelledByEvent(run);
  const names = writeKeys(keys, run.id);
  names.push(
    ...states.flatMap((s) => [runIndexKey(keys, null, s), runIndexKey(keys, run.functionId, s)]),
  );
  if (canceller !== null) names.push(cancelledByKey(keys, canceller));
  for (const id of write.removeListeners) names.push(...cache.get(id));
  for (const listener of write.addListeners) names.push(...listenerKeys(keys, listener));
  if (write.emit.length > 0) names.push(eventOrderKey(keys, null));
  for (const event of write.emit) names.push(eventOrderKey(keys, event.payload.name));
  names.push(...onlyForListenersKeys(keys, write.emit));
  return names;
};
