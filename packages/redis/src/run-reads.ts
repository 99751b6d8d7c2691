import type { Run } from "@quell/core";
import { boundedMap } from "./bounded-map";
import type { RedisClient } from "./client";
import { readStored, runJson, StoredRun } from "./decode";
import { RedisStoreError } from "./errors";
import { type Keys, runKey } from "./keys";
import { evalScriptBuffer, SCRIPTS } from "./scripts";
import {
  RUN_HASH_BY_REFERENCE,
  RUN_HASH_FIELDS,
  RUN_HASH_TRIGGER,
  RUN_HASH_WHOLE,
  runOwnFields,
} from "./stored-form";

/** Runs a store remembers (`knownRuns`); the oldest is forgotten first. */
const KNOWN_RUNS_LIMIT = 10_000;
/**
 * The largest trigger event (its JSON's length) a store keeps with a run it knows: 10,000 runs
 * of at most 16 KiB each bound what it holds. A run with a larger event is read with the event
 * from the log and committed with a copy of it, as any run the store does not know.
 */
const KNOWN_EVENT_LIMIT = 16 * 1024;

interface Known {
  readonly trigger: string;
  /** The trigger event, as the run last written or read held it (compared by identity). */
  readonly event: unknown;
  /** Whether the stored run's JSON leaves the event to the log (field `r`). */
  readonly byReference: boolean;
}

/**
 * What a store remembers of the runs it wrote or read lately, to save work, never to be right:
 * each run's trigger and trigger event, and whether its JSON takes the event from the log. A
 * read of such a run is then one `HMGET`, the event being the one it knows; a commit sends no
 * copy of the event.
 */
export const knownRuns = () => {
  const runs = boundedMap<string, Known>(KNOWN_RUNS_LIMIT);
  return {
    get: (runId: string): Known | undefined => runs.get(runId),
    /** Whether a write of `run` may leave its event out: stored by reference, same event. */
    takesLogEvent: (run: Run): boolean => {
      const k = runs.get(run.id);
      return k?.byReference === true && k.trigger === run.triggerEventId && k.event === run.event;
    },
    /**
     * After a write or a read of `run`. `eventBytes`: the length of its event's JSON, when the
     * write sent it or the read read it (none: unchanged since the store last knew the run).
     */
    remember: (run: Run, byReference: boolean, eventBytes: number | undefined): void => {
      // The event is kept only where it saves work: a run taking it from the log.
      const keep = byReference && (eventBytes === undefined || eventBytes <= KNOWN_EVENT_LIMIT);
      runs.set(run.id, {
        trigger: run.triggerEventId,
        event: keep ? run.event : undefined,
        byReference: keep,
      });
    },
  };
};

export type KnownRuns = ReturnType<typeof knownRuns>;

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
 * A run from the values of its hash's `RUN_HASH_FIELDS`, or null when it has no JSON (no run,
 * or one deleted meanwhile). `event` gives the trigger event of a run whose JSON leaves it to
 * the log (field `r`), from the trigger's id.
 */
const readRun = (
  id: string,
  values: readonly (Buffer | null)[],
  event: (trigger: string | null) => unknown,
) => {
  const json = runJson(values);
  if (json === null) return null;
  const own = values.slice(0, RUN_HASH_WHOLE).map((value) => value?.toString("utf8") ?? null);
  const fields = runOwnFields(id, own);
  const byReference = own[RUN_HASH_BY_REFERENCE] === "1";
  if (byReference) fields.event = event(own[RUN_HASH_TRIGGER] ?? null);
  return { run: readStored(StoredRun(fields), "run", json), byReference };
};

/**
 * `getRun`. A run the store knows (`knownRuns`: its trigger, and that its JSON takes the event
 * from the log) is one `HMGET`, its event the known one, when the hash still takes the event
 * from the log under that trigger (the log never changes an event it holds) or holds the event
 * itself. Otherwise `getRun-2` reads the hash and the event in one script, atomically.
 */
export const runReader = (client: RedisClient, keys: Keys, known: KnownRuns) => {
  const readByScript = async (runId: string) => {
    const scriptKeys = [runKey(keys, runId), keys.events];
    const reply = await evalScriptBuffer(client, SCRIPTS.getRun, scriptKeys, RUN_HASH_FIELDS);
    if (!isByteValues(reply) || reply.length !== RUN_HASH_FIELDS.length + 1) {
      const detail = "not the fields asked";
      throw new RedisStoreError({ _tag: "BadReply", what: "getRun", detail });
    }
    const stored = reply[RUN_HASH_FIELDS.length] ?? null;
    const read = readRun(runId, reply, (trigger) => triggerPayload(runId, trigger, stored));
    if (read !== null) known.remember(read.run, read.byReference, stored?.length);
    return read;
  };
  /** Undefined when the hash does not let the known event stand in for the log's. */
  const readKnown = async (runId: string, k: Known) => {
    const values = await client.hmgetBuffer(runKey(keys, runId), ...RUN_HASH_FIELDS);
    const byReference = values[RUN_HASH_BY_REFERENCE]?.toString("latin1") === "1";
    const sameTrigger = values[RUN_HASH_TRIGGER]?.toString("utf8") === k.trigger;
    if (byReference && !(k.byReference && sameTrigger)) return undefined;
    const read = readRun(runId, values, () => k.event);
    if (read !== null) known.remember(read.run, read.byReference, undefined);
    return read;
  };
  return async (runId: string): Promise<Run | null> => {
    const k = known.get(runId);
    const quick = k === undefined ? undefined : await readKnown(runId, k);
    const read = quick === undefined ? await readByScript(runId) : quick;
    return read?.run ?? null;
  };
};
