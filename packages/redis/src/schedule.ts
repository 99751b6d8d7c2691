import type { Store } from "@quell/core";
import * as t from "io-ts";
import type { StoreContext } from "./context";
import { decodeReply } from "./decode";
import { score } from "./encode";
import { evalScript, SCRIPTS } from "./scripts";

const Strings = t.array(t.string);
const Score = t.union([t.string, t.null]);
const Heads = t.tuple([Score, Score, Score]);

type ScheduleMethods = Pick<
  Store,
  "dueTimers" | "nextDueAt" | "claimQueued" | "claimExpiredLeases" | "renewLeases" | "releaseLease"
>;

/** Timers, the execution queue and execution leases: sorted sets of run ids by time. */
export const scheduleMethods = ({ client, keys }: StoreContext): ScheduleMethods => ({
  dueTimers: async (now, limit) => {
    if (limit <= 0) return [];
    const due = await client.zrangebyscore(keys.timers, "-inf", score(now), "LIMIT", 0, limit);
    return decodeReply(Strings, "dueTimers", due);
  },
  nextDueAt: async () => {
    const heads = [keys.timers, keys.queue, keys.leases];
    const reply = await evalScript(client, SCRIPTS.nextDueAt, heads, []);
    const times = decodeReply(Heads, "nextDueAt", reply).flatMap((s) =>
      s === null ? [] : [Number(s)],
    );
    return times.length === 0 ? null : Math.min(...times);
  },
  claimQueued: async (now, limit, leaseUntil) => {
    if (limit <= 0) return [];
    const args = [score(now), String(limit), score(leaseUntil)];
    const reply = await evalScript(client, SCRIPTS.claimQueued, [keys.queue, keys.leases], args);
    return decodeReply(Strings, "claimQueued", reply);
  },
  claimExpiredLeases: async (now, limit, leaseUntil) => {
    if (limit <= 0) return [];
    const args = [score(now), String(limit), score(leaseUntil)];
    const reply = await evalScript(client, SCRIPTS.claimExpiredLeases, [keys.leases], args);
    return decodeReply(Strings, "claimExpiredLeases", reply);
  },
  renewLeases: async (runIds, until) => {
    if (runIds.length === 0) return [];
    const reply = await evalScript(
      client,
      SCRIPTS.renewLeases,
      [keys.leases],
      [score(until), ...runIds],
    );
    return decodeReply(Strings, "renewLeases", reply);
  },
  releaseLease: async (runId) => {
    await client.zrem(keys.leases, runId);
  },
});
