import { Listener, type Store } from "@quell/core";
import * as t from "io-ts";
import type { StoreContext } from "./context";
import { decodeReply, readAll } from "./decode";
import { evalScript, SCRIPTS } from "./scripts";

const Strings = t.array(t.string);
const UnindexedReply = t.tuple([Strings, Strings]);

/**
 * findListeners in two round trips at most: the event name's signatures with its unindexed
 * listeners, then (only if the event has a key for some signature) the keyed sets it names.
 */
export const listenerMethods = ({ client, keys }: StoreContext): Pick<Store, "findListeners"> => ({
  findListeners: async (eventName, keyFor) => {
    const base = [keys.tag, eventName];
    const first = await evalScript(client, SCRIPTS.findUnindexed, [keys.listeners], base);
    const [signatures, unindexed] = decodeReply(UnindexedReply, "findUnindexed", first);
    const pairs = signatures.flatMap((signature) => {
      const key = keyFor(signature);
      return key === null ? [] : [signature, key];
    });
    const found = readAll(Listener, "listener", unindexed);
    if (pairs.length === 0) return found;
    const second = await evalScript(
      client,
      SCRIPTS.findKeyed,
      [keys.listeners],
      [...base, ...pairs],
    );
    return [...readAll(Listener, "listener", decodeReply(Strings, "findKeyed", second)), ...found];
  },
});
