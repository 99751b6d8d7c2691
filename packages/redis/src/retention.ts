import type { Store } from "@quell/core";
import * as t from "io-ts";
import type { StoreContext } from "./context";
import { evalPlanned } from "./declared-keys";
import { decodeReply } from "./decode";
import { score } from "./encode";
import { SCRIPTS } from "./scripts";

const PruneReply = t.tuple([t.number, t.number, t.number, t.number]);

/** Retention's batch: one script (prune-n.lua) deletes what the request names, atomically. */
export const retentionMethods = ({
  client,
  keys,
  dedupeWindowMs,
}: StoreContext): Pick<Store, "prune"> => ({
  prune: async ({ endedBefore, receivedBefore, now, limit }) => {
    const count = Math.floor(limit);
    if (!(count > 0)) return { runs: 0, events: 0, bulkCancellations: 0, dedupeKeys: 0 };
    const scriptKeys = [
      keys.ended,
      keys.events,
      keys.eventsIdle,
      keys.pending,
      keys.dedupeIds,
      keys.dedupeAt,
      keys.bulk,
      keys.bulkVersion,
      keys.bulkOrder,
      keys.bulkEnded,
      keys.timers,
      keys.queue,
      keys.leases,
      keys.triggers,
    ];
    const args = [
      keys.tag,
      score(endedBefore),
      score(receivedBefore),
      score(now),
      String(count),
      String(dedupeWindowMs),
    ];
    const reply = await evalPlanned(client, SCRIPTS.prune, scriptKeys, args);
    const [runs, events, bulkCancellations, dedupeKeys] = decodeReply(PruneReply, "prune", reply);
    return { runs, events, bulkCancellations, dedupeKeys };
  },
});
