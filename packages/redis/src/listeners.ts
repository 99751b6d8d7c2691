import type { Listener, Store } from "@quell/core";
import * as t from "io-ts";
import { boundedMap } from "./bounded-map";
import type { StoreContext } from "./context";
import { decodeReply, readStored, StoredListener } from "./decode";
import {
  type Keys,
  listenerIndexField,
  listenerIndexKey,
  listenerSetKey,
  signaturesKey,
  unindexedKey,
} from "./keys";
import { evalScript, SCRIPTS } from "./scripts";
import { parseShapes } from "./stored-form";

const Strings = t.array(t.string);
/** `includes/storedListeners`: the listeners' ids and JSON, and their shapes' ids and JSON. */
const Found = t.tuple([Strings, Strings, Strings, Strings]);
const FirstReply = t.tuple([Strings, Found, Found]);

/** Event names whose signatures a store remembers; the oldest is forgotten first. */
const SIGNATURE_CACHE_LIMIT = 10_000;

/** The listeners of a lookup's reply, each joined with its shape (`stored-form.ts`). */
const readListeners = ([ids, jsons, shapeIds, shapeJsons]: t.TypeOf<typeof Found>): Listener[] => {
  const shapes = parseShapes(shapeIds, shapeJsons);
  return jsons.map((json, i) => readStored(StoredListener(ids[i] ?? "", shapes), "listener", json));
};

interface Pair {
  readonly signature: string;
  readonly key: string;
}

/** The incoming event's (signature, key) pairs: the signatures it has a key for. */
const pairsOf = (
  signatures: readonly string[],
  keyFor: (signature: string) => string | null,
): Pair[] =>
  signatures.flatMap((signature) => {
    const key = keyFor(signature);
    return key === null ? [] : [{ signature, key }];
  });

const pairKeys = (keys: Keys, eventName: string, pairs: readonly Pair[]): string[] =>
  pairs.map(({ signature, key }) => listenerSetKey(keys, eventName, signature, key));

const pairFields = (pairs: readonly Pair[]): string[] =>
  pairs.map(({ signature, key }) => listenerIndexField(signature, key));

/**
 * findListeners in one round trip when the event name's signatures are the ones this store
 * saw at its last lookup of that name (`findListeners-n` reads the keyed listeners of the
 * pairs computed from them, the unindexed ones and the signatures in use), and in two when a
 * signature was added since (`findKeyed-n` then reads the pairs of the new ones). A guessed
 * signature that is gone reads two empty keys. The guess only saves a round trip: whatever it
 * is, the answer is the listeners stored under every signature in use at the first read.
 */
export const listenerMethods = ({ client, keys }: StoreContext): Pick<Store, "findListeners"> => {
  const known = boundedMap<string, readonly string[]>(SIGNATURE_CACHE_LIMIT);
  return {
    findListeners: async (eventName, keyFor) => {
      const guessed = known.get(eventName) ?? [];
      const pairs = pairsOf(guessed, keyFor);
      const reply = await evalScript(
        client,
        SCRIPTS.findListeners,
        [
          keys.listeners,
          keys.listenerShapes,
          signaturesKey(keys, eventName),
          unindexedKey(keys, eventName),
          listenerIndexKey(keys, eventName),
          ...pairKeys(keys, eventName, pairs),
        ],
        pairFields(pairs),
      );
      const [signatures, unindexed, keyed] = decodeReply(FirstReply, "findListeners", reply);
      known.set(eventName, signatures);
      const found = [...readListeners(keyed), ...readListeners(unindexed)];
      const unguessed = signatures.filter((signature) => !guessed.includes(signature));
      const rest = pairsOf(unguessed, keyFor);
      if (rest.length === 0) return found;
      const second = await evalScript(
        client,
        SCRIPTS.findKeyed,
        [
          keys.listeners,
          keys.listenerShapes,
          listenerIndexKey(keys, eventName),
          ...pairKeys(keys, eventName, rest),
        ],
        pairFields(rest),
      );
      return [...readListeners(decodeReply(Found, "findKeyed", second)), ...found];
    },
  };
};
