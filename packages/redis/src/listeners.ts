import type { Store } from "@quell/core";
import * as t from "io-ts";
import type { StoreContext } from "./context";
import { decodeReply, readAll, StoredListener } from "./decode";
import {
  listenerIndexField,
  listenerIndexKey,
  listenerSetKey,
  signaturesKey,
  unindexedKey,
} from "./keys";
import { evalScript, SCRIPTS } from "./scripts";

const Strings = t.array(t.string);
const UnindexedReply = t.tuple([Strings, Strings]);

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
      [keys.listeners, signaturesKey(keys, eventName), unindexedKey(keys, eventName)],
      [],
    );
    const [signatures, unindexed] = decodeReply(UnindexedReply, "findUnindexed", first);
    const pairs = signatures.flatMap((signature) => {
      const key = keyFor(signature);
      return key === null ? [] : [{ signature, key }];
    });
    const found = readAll(StoredListener, "listener", unindexed);
    if (pairs.length === 0) return found;
    const second = await evalScript(
      client,
      SCRIPTS.findKeyed,
      [
        keys.listeners,
        listenerIndexKey(keys, eventName),
        ...pairs.map(({ signature, key }) => listenerSetKey(keys, eventName, signature, key)),
      ],
      pairs.map(({ signature, key }) => listenerIndexField(signature, key)),
    );
    return [
      ...readAll(StoredListener, "listener", decodeReply(Strings, "findKeyed", second)),
      ...found,
    ];
  },
});
