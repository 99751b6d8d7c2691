import { App, BulkCancellation, bulkCancellationEndedAt, type Store } from "@quell/core";
import * as t from "io-ts";
import type { StoreContext } from "./context";
import { decodeReply, readAll, readStored } from "./decode";
import { score } from "./encode";
import { toStoreResult, WriteReply } from "./errors";
import { evalScript, SCRIPTS } from "./scripts";

const Strings = t.array(t.string);

type OperationMethods = Pick<
  Store,
  | "putBulkCancellation"
  | "getBulkCancellation"
  | "listBulkCancellations"
  | "setFunctionPaused"
  | "pausedFunctions"
  | "putApp"
  | "listApps"
>;

/**
 * Bulk cancellation records (versioned), the set of paused functions, and synced apps (one hash
 * field each: a sync replaces it with one HSET, atomic without a script).
 */
export const operationMethods = ({
  client,
  keys,
  announceWork,
}: StoreContext): OperationMethods => ({
  putBulkCancellation: async (record, expected) => {
    const scriptKeys = [keys.bulk, keys.bulkVersion, keys.bulkOrder, keys.bulkEnded];
    const endedAt = bulkCancellationEndedAt(record);
    const args = [
      record.id,
      expected === null ? "" : String(expected),
      String(record.version),
      String(record.created_at),
      JSON.stringify(record),
      endedAt === null ? "" : score(endedAt),
    ];
    const reply = await evalScript(client, SCRIPTS.putBulkCancellation, scriptKeys, args);
    const subject = { _tag: "Bulk", id: record.id, expected } as const;
    const result = toStoreResult(decodeReply(WriteReply, "putBulkCancellation", reply), subject);
    // A new or still running bulk cancellation: the processes with workers sweep it.
    if (result._tag === "Right" && record.status === "running") announceWork();
    return result;
  },
  getBulkCancellation: async (id) => {
    const json = await client.hget(keys.bulk, id);
    return json === null ? null : readStored(BulkCancellation, "bulk cancellation", json);
  },
  listBulkCancellations: async () => {
    const scriptKeys = [keys.bulkOrder, keys.bulk];
    const reply = await evalScript(client, SCRIPTS.listBulkCancellations, scriptKeys, []);
    const jsons = decodeReply(Strings, "listBulkCancellations", reply);
    return readAll(BulkCancellation, "bulk cancellation", jsons);
  },
  setFunctionPaused: async (functionId, paused) => {
    if (paused) await client.sadd(keys.paused, functionId);
    else await client.srem(keys.paused, functionId);
    announceWork();
  },
  pausedFunctions: async () => new Set(await client.smembers(keys.paused)),
  putApp: async (app) => {
    await client.hset(keys.apps, app.id, JSON.stringify(App.encode(app)));
  },
  listApps: async () => {
    const apps = await client.hgetall(keys.apps);
    const ids = Object.keys(apps).sort();
    return readAll(
      App,
      "app",
      ids.map((id) => apps[id] ?? ""),
    );
  },
});
