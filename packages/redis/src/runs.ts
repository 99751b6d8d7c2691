import { Run, RunState, type RunWrite, type Store } from "@quell/core";
import * as t from "io-ts";
import type { StoreContext } from "./context";
import { encodeCursor, pageBounds } from "./cursor";
import { decodeReply, readAll, readStored } from "./decode";
import { writeArgs } from "./encode";
import { toStoreResult, WriteReply } from "./errors";
import { runKey, writeKeys } from "./keys";
import { evalScript, SCRIPTS } from "./scripts";

/** Page size when a filter names none (as the memory store). */
export const DEFAULT_PAGE_SIZE = 100;

const ALL_STATES = Object.keys(RunState.keys);

const Strings = t.array(t.string);
const PageReply = t.tuple([t.union([t.literal(0), t.literal(1)]), t.string, Strings]);

type RunMethods = Pick<
  Store,
  | "createRun"
  | "commitRun"
  | "lastCreatedPos"
  | "getRun"
  | "listRuns"
  | "runsForEvent"
  | "runsCancelledBy"
>;

/** Whether a write gives some process something to do: a queued run, a timer, events. */
const addsWork = (write: RunWrite): boolean =>
  write.enqueueAt !== undefined || typeof write.timer === "number" || write.emit.length > 0;

/** Runs as hashes, written only by the createRun and commitRun scripts. */
export const runMethods = ({
  client,
  keys,
  dedupeWindowMs,
  announceWork,
}: StoreContext): RunMethods => {
  const header = [keys.tag, String(dedupeWindowMs)];
  return {
    createRun: async (write) => {
      const slot = write.claimSingleton ?? "";
      const args = [...header, slot, ...writeArgs(write)];
      const reply = await evalScript(
        client,
        SCRIPTS.createRun,
        [...writeKeys(keys, write.run.id), keys.created],
        args,
      );
      const subject = { _tag: "Run", runId: write.run.id, expected: 0, slot } as const;
      const result = toStoreResult(decodeReply(WriteReply, "createRun", reply), subject);
      if (result._tag === "Right" && addsWork(write)) announceWork();
      return result;
    },
    commitRun: async (write) => {
      const { expectedVersion: expected } = write;
      const release = write.releaseSingleton ?? "";
      const args = [...header, String(expected), release, ...writeArgs(write)];
      const reply = await evalScript(
        client,
        SCRIPTS.commitRun,
        writeKeys(keys, write.run.id),
        args,
      );
      const subject = { _tag: "Run", runId: write.run.id, expected, slot: "" } as const;
      const result = toStoreResult(decodeReply(WriteReply, "commitRun", reply), subject);
      if (result._tag === "Right" && addsWork(write)) announceWork();
      return result;
    },
    lastCreatedPos: async () => Number((await client.get(keys.created)) ?? 0),
    getRun: async (runId) => {
      const json = await client.hget(runKey(keys, runId), "j");
      return json === null ? null : readStored(Run, "run", json);
    },
    listRuns: async (filter) => {
      const states = [...new Set(filter.states ?? ALL_STATES)];
      if (states.length === 0) return { runs: [], cursor: null };
      const limit = Math.max(1, Math.floor(filter.limit ?? DEFAULT_PAGE_SIZE));
      const { createdAfter: after, createdBefore: before, cursor } = filter;
      const { max, min } = pageBounds({ after, before, cursor });
      const scope = filter.functionId === undefined ? ["0", ""] : ["1", filter.functionId];
      const args = [keys.tag, ...scope, String(limit), max, min, ...states];
      const reply = await evalScript(client, SCRIPTS.listRuns, [], args);
      const [more, last, jsons] = decodeReply(PageReply, "listRuns", reply);
      const runs = readAll(Run, "run", jsons);
      return { runs, cursor: more === 1 ? encodeCursor(last) : null };
    },
    runsForEvent: async (internalId) => {
      const reply = await evalScript(client, SCRIPTS.runsForEvent, [], [keys.tag, internalId]);
      return readAll(Run, "run", decodeReply(Strings, "runsForEvent", reply));
    },
    runsCancelledBy: async (internalId) => {
      const args = [keys.tag, internalId];
      const reply = await evalScript(client, SCRIPTS.runsCancelledBy, [], args);
      return readAll(Run, "run", decodeReply(Strings, "runsCancelledBy", reply));
    },
  };
};
