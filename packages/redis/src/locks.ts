import type { Store } from "@quell/core";
import * as t from "io-ts";
import type { StoreContext } from "./context";
import { decodeReply } from "./decode";
import { score } from "./encode";
import { evalScript, SCRIPTS } from "./scripts";

const Flag = t.union([t.literal(0), t.literal(1)]);

/** Named locks with an owner and an expiry, in one hash (`acquireLock-1`, `releaseLock-1`). */
export const lockMethods = ({
  client,
  keys,
}: StoreContext): Pick<Store, "acquireLock" | "releaseLock"> => ({
  acquireLock: async (name, owner, now, until) => {
    const args = [name, owner, score(now), score(until)];
    const reply = await evalScript(client, SCRIPTS.acquireLock, [keys.locks], args);
    return decodeReply(Flag, "acquireLock", reply) === 1;
  },
  releaseLock: async (name, owner) => {
    const reply = await evalScript(client, SCRIPTS.releaseLock, [keys.locks], [name, owner]);
    decodeReply(Flag, "releaseLock", reply);
  },
});
