import { type Run, RunState, type RunWrite, type Store, type StoreError } from "@quell/core";
import type { Either } from "fp-ts/lib/Either.js";
import * as t from "io-ts";
import type { StoreContext } from "./context";
import { encodeCursor, pageBounds } from "./cursor";
import { evalPlanned, listenerKeyCache, writeScriptKeys } from "./declared-keys";
import { decodeReply } from "./decode";
import { writeArgs } from "./encode";
import { CODE, toStoreResult, WriteReply, type WriteSubject } from "./errors";
import { triggerEventJson } from "./event-form";
import { cancelledByKey, legacyTriggerKey, runIndexKey, TRIGGER_SEPARATOR } from "./keys";
import { knownRuns, runReader } from "./run-reads";
import { evalScript, SCRIPTS } from "./scripts";

/** An order member is this many hex digits of `createdAt`, then the run id (`orderMember`). */
const ORDER_DIGITS = 16;

/** Page size when a filter names none (as the memory store). */
export const DEFAULT_PAGE_SIZE = 100;

const ALL_STATES = Object.keys(RunState.keys);

const Strings = t.array(t.string);
const PageReply = t.tuple([t.union([t.literal(0), t.literal(1)]), Strings]);

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

/** The run ids of a value of the triggers hash (`includes/triggers.lua`), split on the byte. */
const triggeredIds = (value: Buffer | null): string[] => {
  if (value === null) return [];
  const ids: string[] = [];
  let from = 0;
  let at = value.indexOf(TRIGGER_SEPARATOR);
  while (at !== -1) {
    ids.push(value.toString("utf8", from, at));
    from = at + 1;
    at = value.indexOf(TRIGGER_SEPARATOR, from);
  }
  ids.push(value.toString("utf8", from));
  return ids;
};

/** Runs as hashes, written only by the createRun and commitRun scripts. */
export const runMethods = ({
  client,
  keys,
  dedupeWindowMs,
  announceWork,
}: StoreContext): RunMethods => {
  const header = [keys.tag, String(dedupeWindowMs)];
  const listenerKeys = listenerKeyCache();
  const known = knownRuns();
  const getRun = runReader(client, keys, known);
  /**
   * After a write answered (its decoded reply): what this store now knows of the run, and who
   * has work. `eventBytes`: the length of the event's JSON the write sent (none: no copy).
   */
  const wrote = (
    write: RunWrite,
    reply: WriteReply,
    subject: WriteSubject,
    eventBytes: number | undefined,
  ): Either<StoreError, void> => {
    const result = toStoreResult(reply, subject);
    if (result._tag === "Right") {
      known.remember(write.run, reply[1] === 1, eventBytes);
      listenerKeys.wrote(keys, write);
      if (addsWork(write)) announceWork();
    }
    return result;
  };
  /** The runs, in order, skipping those deleted meanwhile (a second, non-atomic read). */
  const readRuns = async (runIds: readonly string[]): Promise<readonly Run[]> =>
    (await Promise.all(runIds.map(getRun))).filter((run): run is Run => run !== null);
  return {
    createRun: async (write) => {
      const slot = write.claimSingleton ?? "";
      const eventJson = triggerEventJson(write.run.event, write.run.triggerEventId);
      const args = [...header, slot, ...writeArgs(write, eventJson)];
      const scriptKeys = writeScriptKeys(keys, write, write.run.state, listenerKeys);
      const reply = await evalPlanned(client, SCRIPTS.createRun, scriptKeys, args);
      const subject = { _tag: "Run", runId: write.run.id, expected: 0, slot } as const;
      return wrote(write, decodeReply(WriteReply, "createRun", reply), subject, eventJson.length);
    },
    commitRun: async (write) => {
      const { expectedVersion: expected } = write;
      const release = write.releaseSingleton ?? "";
      const scriptKeys = writeScriptKeys(keys, write, write.expectedState, listenerKeys);
      const send = async (eventJson: string) => {
        const args = [...header, String(expected), release, ...writeArgs(write, eventJson)];
        const reply = await evalPlanned(client, SCRIPTS.commitRun, scriptKeys, args);
        return decodeReply(WriteReply, "commitRun", reply);
      };
      // A run this store knows takes its event from the log under the same trigger, and the
      // same event: no copy of it is sent. Should the hash say otherwise, the script writes
      // nothing and asks for it (EVENT_NEEDED).
      let eventJson = known.takesLogEvent(write.run)
        ? ""
        : triggerEventJson(write.run.event, write.run.triggerEventId);
      let reply = await send(eventJson);
      if (eventJson === "" && reply[0] === CODE.EVENT_NEEDED) {
        eventJson = triggerEventJson(write.run.event, write.run.triggerEventId);
        reply = await send(eventJson);
      }
      const subject = { _tag: "Run", runId: write.run.id, expected, slot: "" } as const;
      return wrote(write, reply, subject, eventJson === "" ? undefined : eventJson.length);
    },
    lastCreatedPos: async () => Number((await client.get(keys.created)) ?? 0),
    getRun,
    listRuns: async (filter) => {
      const states = [...new Set(filter.states ?? ALL_STATES)];
      if (states.length === 0) return { runs: [], cursor: null };
      const limit = Math.max(1, Math.floor(filter.limit ?? DEFAULT_PAGE_SIZE));
      const { createdAfter: after, createdBefore: before, cursor } = filter;
      const { max, min } = pageBounds({ after, before, cursor });
      const sets = states.map((state) => runIndexKey(keys, filter.functionId ?? null, state));
      const args = [String(limit), max, min];
      const reply = await evalScript(client, SCRIPTS.listRuns, sets, args);
      const [more, members] = decodeReply(PageReply, "listRuns", reply);
      const last = members.at(-1);
      const runs = await readRuns(members.map((member) => member.slice(ORDER_DIGITS)));
      return { runs, cursor: more === 1 && last !== undefined ? encodeCursor(last) : null };
    },
    runsForEvent: async (internalId) => {
      // Both in one round trip: the triggers hash, and the set of the layout before it.
      const [value, legacy] = await Promise.all([
        client.hgetBuffer(keys.triggers, internalId),
        client.smembers(legacyTriggerKey(keys, internalId)),
      ]);
      return readRuns([...new Set([...triggeredIds(value), ...legacy])]);
    },
    runsCancelledBy: async (internalId) =>
      readRuns(await client.smembers(cancelledByKey(keys, internalId))),
  };
};
