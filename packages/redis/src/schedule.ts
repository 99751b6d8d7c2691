import type { Store } from "@quell/core";
import * as t from "io-ts";
import type { StoreContext } from "./context";
import { decodeReply } from "./decode";
import { score } from "./encode";
import { evalScript, SCRIPTS } from "./scripts";

const Strings = t.array(t.string);
const Heads = t.tuple([t.union([t.string, t.null]), t.union([t.string, t.null])]);

type ScheduleMethods = Pick<Store, "dueTimers" | "nextDueAt" | "claimQueued">;

const earliest = (a: number | null, b: number | null): number | null =>
  a === null ? b : b === null ? a : Math.min(a, b);

/** Timers and the execution queue: sorted sets of run ids by due time. */
export const scheduleMethods = ({ client, keys }: StoreContext): ScheduleMethods => ({
  dueTimers: async (now, limit) => {
    if (limit <= 0) return [];
    const due = await client.zrangebyscore(keys.timers, "-inf", score(now), "LIMIT", 0, limit);
    return decodeReply(Strings, "dueTimers", due);
  },
  nextDueAt: async () => {
    const reply = await evalScript(client, SCRIPTS.nextDueAt, [keys.timers, keys.queue], []);
    const [timer, queued] = decodeReply(Heads, "nextDueAt", reply);
    return earliest(timer === null ? null : Number(timer), queued === null ? null : Number(queued));
  },
  claimQueued: async (now, limit) => {
    if (limit <= 0) return [];
    const args = [score(now), String(limit)];
    const reply = await evalScript(client, SCRIPTS.claimQueued, [keys.queue], args);
    return decodeReply(Strings, "claimQueued", reply);
  },
});
