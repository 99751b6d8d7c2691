import { type Run, RunState, type RunWrite, type Store } from "@quell/core";
import * as t from "io-ts";
import { boundedMap } from "./bounded-map";
import type { StoreContext } from "./context";
import { encodeCursor, pageBounds } from "./cursor";
import { evalPlanned, listenerKeyCache, writeScriptKeys } from "./declared-keys";
import { decodeReply, readStored, runJson, StoredRun } from "./decode";
import { writeArgs } from "./encode";
import { RedisStoreError, toStoreResult, WriteReply } from "./errors";
import { cancelledByKey, legacyTriggerKey, runIndexKey, runKey, TRIGGER_SEPARATOR } from "./keys";
import { evalScript, evalScriptBuffer, SCRIPTS } from "./scripts";
import {
  RUN_HASH_BY_REFERENCE,
  RUN_HASH_FIELDS,
  RUN_HASH_TRIGGER,
  RUN_HASH_WHOLE,
  runOwnFields,
} from "./stored-form";

/** An order member is this many hex digits of `createdAt`, then the run id (`orderMember`). */
const ORDER_DIGITS = 16;

/** Runs whose trigger a store remembers for `getRun`; the oldest is forgotten first. */
const TRIGGER_CACHE_LIMIT = 10_000;

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

/** A bulk-string reply read as bytes: each value a Buffer or null. */
const isByteValues = (reply: unknown): reply is (Buffer | null)[] =>
  Array.isArray(reply) && reply.every((value) => value === null || Buffer.isBuffer(value));

/**
 * The trigger event of a run whose JSON leaves it out: the payload of its stored event (the Run
 * codec then checks it, as it checks an event stored in the run's JSON).
 */
const triggerPayload = (id: string, trigger: string | null, stored: Buffer | null): unknown => {
  const missing = (why: string) =>
    new RedisStoreError({
      _tag: "CorruptValue",
      what: "run",
      detail: `run ${id} takes its trigger event ${trigger ?? "(none)"} from the event log, ${why}`,
    });
  if (stored === null) throw missing("which does not hold it");
  let event: unknown;
  try {
    event = JSON.parse(stored.toString("utf8"));
  } catch (error) {
    throw missing(`where it is not JSON: ${String(error)}`);
  }
  if (typeof event !== "object" || event === null || !("payload" in event)) {
    throw missing("where it has no payload");
  }
  return event.payload;
};

/**
 * A run from the values of its hash's `RUN_HASH_FIELDS` and its trigger event's stored JSON (the
 * reply of `getRun-2`), or null when it has no JSON (no run, or one deleted meanwhile).
 */
const readRun = (id: string, values: readonly (Buffer | null)[], event: Buffer | null) => {
  const json = runJson(values);
  if (json === null) return null;
  const own = values.slice(0, RUN_HASH_WHOLE).map((value) => value?.toString("utf8") ?? null);
  const fields = runOwnFields(id, own);
  if (own[RUN_HASH_BY_REFERENCE] === "1") {
    fields.event = triggerPayload(id, own[RUN_HASH_TRIGGER] ?? null, event);
  }
  return readStored(StoredRun(fields), "run", json);
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
  /** The trigger of each run this store wrote or read lately (`getRun`'s shortcut). */
  const triggers = boundedMap<string, string>(TRIGGER_CACHE_LIMIT);
  /** One run, atomically: `getRun-2`, its hash's fields and its trigger event, as bytes. */
  const readByScript = async (runId: string): Promise<Run | null> => {
    const scriptKeys = [runKey(keys, runId), keys.events];
    const reply = await evalScriptBuffer(client, SCRIPTS.getRun, scriptKeys, RUN_HASH_FIELDS);
    if (!isByteValues(reply) || reply.length !== RUN_HASH_FIELDS.length + 1) {
      throw new RedisStoreError({
        _tag: "BadReply",
        what: "getRun",
        detail: "not the fields asked",
      });
    }
    return readRun(runId, reply, reply[RUN_HASH_FIELDS.length] ?? null);
  };
  /**
   * One run. When this store knows the run's trigger (it wrote or read the run lately), the
   * hash and the event are two plain commands in one round trip, cheaper for Redis than the
   * script; their answer is used if it is what the script would have read (the same trigger,
   * and its event present when the run's JSON leaves it out), else the script reads again.
   */
  const getRun = async (runId: string): Promise<Run | null> => {
    const trigger = triggers.get(runId);
    let run: Run | null | undefined;
    if (trigger !== undefined) {
      const [values, event] = await Promise.all([
        client.hmgetBuffer(runKey(keys, runId), ...RUN_HASH_FIELDS),
        client.hgetBuffer(keys.events, trigger),
      ]);
      const byReference = values[RUN_HASH_BY_REFERENCE]?.toString("latin1") === "1";
      const sameTrigger = values[RUN_HASH_TRIGGER]?.toString("utf8") === trigger;
      if (!byReference || (sameTrigger && event !== null)) run = readRun(runId, values, event);
    }
    if (run === undefined) run = await readByScript(runId);
    if (run !== null) triggers.set(run.id, run.triggerEventId);
    return run;
  };
  /** The runs, in order, skipping those deleted meanwhile (a second, non-atomic read). */
  const readRuns = async (runIds: readonly string[]): Promise<readonly Run[]> =>
    (await Promise.all(runIds.map(getRun))).filter((run): run is Run => run !== null);
  return {
    createRun: async (write) => {
      const slot = write.claimSingleton ?? "";
      const args = [...header, slot, ...writeArgs(write)];
      const scriptKeys = writeScriptKeys(keys, write, write.run.state, listenerKeys);
      const reply = await evalPlanned(client, SCRIPTS.createRun, scriptKeys, args);
      const subject = { _tag: "Run", runId: write.run.id, expected: 0, slot } as const;
      const result = toStoreResult(decodeReply(WriteReply, "createRun", reply), subject);
      if (result._tag === "Right") {
        triggers.set(write.run.id, write.run.triggerEventId);
        listenerKeys.wrote(keys, write);
        if (addsWork(write)) announceWork();
      }
      return result;
    },
    commitRun: async (write) => {
      const { expectedVersion: expected } = write;
      const release = write.releaseSingleton ?? "";
      const args = [...header, String(expected), release, ...writeArgs(write)];
      const scriptKeys = writeScriptKeys(keys, write, write.expectedState, listenerKeys);
      const reply = await evalPlanned(client, SCRIPTS.commitRun, scriptKeys, args);
      const subject = { _tag: "Run", runId: write.run.id, expected, slot: "" } as const;
      const result = toStoreResult(decodeReply(WriteReply, "commitRun", reply), subject);
      if (result._tag === "Right") {
        triggers.set(write.run.id, write.run.triggerEventId);
        listenerKeys.wrote(keys, write);
        if (addsWork(write)) announceWork();
      }
      return result;
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
