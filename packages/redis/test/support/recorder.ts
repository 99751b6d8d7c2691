import { partitionOfId } from "@quell/engine";
import { hashTag, partitionPrefixes, type RedisClient } from "../../src/index";
import { connectTo, type Target } from "./target";

/**
 * What a handler writes to the history list at a step boundary. The Lua script appends, in the
 * same atomic step as the RPUSH, what the store held for the run at that instant: its state,
 * whether a cancellation was committed, whether this step's start and its result were committed. Order in
 * the list is Redis' execution order, one total order for every process.
 */
export interface HistoryRecord {
  /** start / end of a step's code, or a cleanup run seeing the cancelled run. */
  readonly k: "start" | "end" | "cleanup";
  readonly run: string;
  readonly step: string;
  /** Unique per execution of a step's code: what the step returns. */
  readonly token: string;
  readonly w: string;
  /** The run's stored state at that instant. */
  readonly st: string;
  /** 1 if the run's stored record had a cancellation at that instant. */
  readonly cx: 0 | 1;
  /** 1 if this step's result was already committed at that instant. */
  readonly cm: 0 | 1;
  /** 1 if this step was the run's step in flight (its start committed) at that instant. */
  readonly fl: 0 | 1;
  /**
   * Set when the record reached Redis only after retries (the chaos tests' patient recorder,
   * while Redis was down or full): `st`/`cx`/`cm`/`fl` then describe the store when the record
   * landed, not when the code began. `at` is when the code began (epoch ms, this machine's clock).
   */
  readonly late?: { readonly at: number };
}

const RECORD = `
local stored = redis.call("HMGET", KEYS[2], "s", "j", "n")
local j = stored[2]
-- The JSON is whole in "j", or in "n" pieces "j0", "j1"... (includes/putRunJson).
if not j and stored[3] then
  local pieces = {}
  for i = 0, tonumber(stored[3]) - 1 do
    pieces[#pieces + 1] = redis.call("HGET", KEYS[2], "j" .. i)
  end
  j = table.concat(pieces)
end
local state, cancelled, committed, flight = "none", 0, 0, 0
if j then
  -- Either stored form (src/stored-form.ts): the short one leaves fields at their default out,
  -- and the state, which the hash keeps in "s", in every form.
  local run = cjson.decode(j)
  local steps, inFlight, cancellation = run.st, run.fl, run.cx
  state = stored[1]
  if run.id ~= nil then
    steps, inFlight, cancellation = run.steps, run.inFlight, run.cancellation
  end
  if cancellation ~= nil and cancellation ~= cjson.null then cancelled = 1 end
  -- Steps by hash, or in the short form an array of [id, hash, ...] (the hash null when it is
  -- the SHA-1 of the id, src/compact-values.ts).
  if type(steps) == "table" then
    if steps[ARGV[2]] ~= nil then committed = 1 end
    for _, step in ipairs(steps) do
      local hash = step[2]
      if hash == cjson.null then hash = redis.sha1hex(step[1]) end
      if hash == ARGV[2] then committed = 1 end
    end
  end
  -- The short form keeps inFlight as [id, hash, kind, startedAt], the hash null when it is the
  -- SHA-1 of the id (src/compact-values.ts); the forms before as an object.
  local hash = nil
  if type(inFlight) == "table" then
    hash = inFlight.hash
    if inFlight[1] ~= nil then
      hash = inFlight[2]
      if hash == cjson.null then hash = redis.sha1hex(inFlight[1]) end
    end
  end
  if hash == ARGV[2] then flight = 1 end
end
local record = string.sub(ARGV[1], 1, -2) .. ',"st":"' .. state .. '","cx":' .. cancelled
  .. ',"cm":' .. committed .. ',"fl":' .. flight .. "}"
redis.call("RPUSH", KEYS[1], record)
return 1
`;

export interface Recorder {
  record(
    k: HistoryRecord["k"],
    run: string,
    step: string,
    stepHash: string,
    token: string,
    late?: HistoryRecord["late"],
  ): Promise<void>;
  /** A fresh token for one execution of a step's code. */
  token(): string;
  /** The Redis connection, for handlers that wait on a key (the crash test's gate). */
  readonly client: RedisClient;
  close(): Promise<void>;
}

export const historyKey = (prefix: string): string => `${hashTag(prefix)}test:history`;

/**
 * The namespace holding a run of a deployment over `partitions` namespaces (`partitionPrefixes`):
 * its id's partition, as for every run the test functions make (none is a singleton or cron).
 */
export const runPrefix = (prefix: string, partitions: number, runId: string): string =>
  partitionPrefixes(prefix, partitions)[partitionOfId(runId, partitions)] ?? prefix;

/**
 * A recorder for one process (worker name `w`), writing next to the store's keys: in a
 * deployment of several partitions, to the history of the run's own namespace (the script
 * reads the run's hash, which must be in the same slot).
 */
export const createRecorder = (
  target: Target,
  prefix: string,
  w: string,
  partitions = 1,
): Recorder => {
  const client = connectTo(target, { lazyConnect: true });
  client.on("error", () => {});
  let counter = 0;
  return {
    client,
    token: () => {
      counter += 1;
      return `${w}:${counter}`;
    },
    record: async (k, run, step, stepHash, token, late) => {
      const body = JSON.stringify({ k, run, step, token, w, ...(late ? { late } : {}) });
      const at = runPrefix(prefix, partitions, run);
      await client.eval(RECORD, 2, historyKey(at), `${hashTag(at)}r:${run}`, body, stepHash);
    },
    close: async () => {
      if (client.status !== "end" && client.status !== "wait") await client.quit();
      else client.disconnect();
    },
  };
};

/**
 * Every record, in Redis' order: one total order per namespace, so, with several partitions,
 * every run's records in their order (a run's records are all in its namespace).
 */
export const readHistory = async (
  client: RedisClient,
  prefix: string,
  partitions = 1,
): Promise<HistoryRecord[]> => {
  const lists = await Promise.all(
    partitionPrefixes(prefix, partitions).map((at) => client.lrange(historyKey(at), 0, -1)),
  );
  return lists.flat().map((line) => JSON.parse(line) as HistoryRecord);
};
