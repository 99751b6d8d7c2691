import type { Listener, Store } from "@quell/core";
import * as t from "io-ts";
import type { StoreContext } from "./context";
import { decodeReply, readStored, StoredListener } from "./decode";
import {
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
const UnindexedReply = t.tuple([Strings, Strings, Strings, Strings, Strings]);

/** The listeners of a lookup's reply, each joined with its shape (`stored-form.ts`). */
const readListeners = ([ids, jsons, shapeIds, shapeJsons]: t.TypeOf<typeof Found>): Listener[] => {
  const shapes = parseShapes(shapeIds, shapeJsons);
  return jsons.map((json, i) => readStored(StoredListener(ids[i] ?? "", shapes), "listener", json));
};

/**
 * findListeners in two round trips at most: the event name's signatures with its unindexed
 * listeners, then (only if the event has a key for some signature) the fields of the event's
 * `li:` hash and the `lk:` sets it names.
 */
export const listenerMethods = ({ client, keys }: StoreContext): Pick<Store, "findListeners"> => ({
  findListeners: async (eventName, keyFor) => {
    const first = await evalScript(
      client,
      SCRIPTS.findUnindexed,
      [
        keys.listeners,
        keys.listenerShapes,
        signaturesKey(keys, eventName),
        unindexedKey(keys, eventName),
      ],
      [],
    );
    const [signatures, ...unindexed] = decodeReply(UnindexedReply, "findUnindexed", first);
    const pairs = signatures.flatMap((signature) => {
      const key = keyFor(signature);
      return key === null ? [] : [{ signature, key }];
    });
    const found = readListeners(unindexed);
    if (pairs.length === 0) return found;
    const second = await evalScript(
      client,
      SCRIPTS.findKeyed,
      [
        keys.listeners,
        keys.listenerShapes,
        listenerIndexKey(keys, eventName),
        ...pairs.map(({ signature, key }) => listenerSetKey(keys, eventName, signature, key)),
      ],
      pairs.map(({ signature, key }) => listenerIndexField(signature, key)),
    );
    return [...readListeners(decodeReply(Found, "findKeyed", second)), ...found];
  },
});
