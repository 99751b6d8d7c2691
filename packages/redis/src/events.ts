import type { IngestRequest, IngestResult, Store } from "@quell/core";
import * as t from "io-ts";
import type { StoreContext } from "./context";
import { encodeCursor, pageBounds } from "./cursor";
import { decodeReply, readEvent, readEvents } from "./decode";
import { ingestArgs } from "./encode";
import { RedisStoreError } from "./errors";
import { eventOrderKey, legacyTriggerKey, logKeys, onlyForListenersKeys } from "./keys";
import { evalScript, SCRIPTS } from "./scripts";
import { turnBatch } from "./turn-batch";

const IngestReply = t.array(
  t.union([
    t.tuple([t.literal(1), t.number]),
    t.tuple([t.literal(0), t.string]),
    t.tuple([t.literal(2), t.string]),
  ]),
);

const Strings = t.array(t.string);

type EventMethods = Pick<
  Store,
  "ingest" | "pendingEvents" | "markProcessed" | "getEvent" | "listEvents" | "lastSeq"
>;

const PageReply = t.tuple([t.union([t.literal(0), t.literal(1)]), t.string, Strings]);

/** The most requests one coalesced ingest or marking script takes (`turn-batch.ts`). */
const BATCH_LIMIT = 512;
/** The most event JSON, in characters, one coalesced ingest script takes. */
const INGEST_BATCH_CHARS = 1024 * 1024;
/** Where `ingestArgs` puts the event's JSON. */
const INGEST_BODY = 4;

const Marked = t.array(t.union([t.literal(0), t.literal(1)]));

/** Page size when a filter names none (as `listRuns`). */
const DEFAULT_PAGE_SIZE = 100;

/** An ingestion request with its six ARGV values, encoded in the caller's turn. */
interface Encoded {
  readonly request: IngestRequest;
  readonly args: readonly string[];
}

/**
 * One `ingest` script for the ingestions of one turn (`turn-batch.ts`): at most 512 events
 * and 1 MiB of event JSON together, so that events of the largest size (512 KiB by default)
 * go two at most to a script, as a `send` of two of them would.
 */
const ingestInTurns = ({
  client,
  keys,
  dedupeWindowMs,
  publishArgs,
}: StoreContext): Store["ingest"] => {
  const ingestBatch = turnBatch(
    async (encoded: readonly Encoded[]): Promise<IngestResult[]> => {
      const requests = encoded.map((e) => e.request);
      // The script publishes on the work channel when it ingested something (no announceWork).
      const header = [keys.tag, String(dedupeWindowMs), ...publishArgs];
      const args = [...header, ...encoded.flatMap((e) => e.args)];
      const names = new Set(requests.map((request) => request.payload.name));
      const orderSets = [null, ...names].map((name) => eventOrderKey(keys, name));
      const heard = onlyForListenersKeys(keys, requests);
      const scriptKeys = [...logKeys(keys), ...orderSets, ...heard];
      const reply = await evalScript(client, SCRIPTS.ingest, scriptKeys, args);
      const results = decodeReply(IngestReply, "ingest", reply);
      if (results.length !== requests.length) {
        const detail = `${results.length} results for ${requests.length} events`;
        throw new RedisStoreError({ _tag: "BadReply", what: "ingest", detail });
      }
      return requests.map((request, i): IngestResult => {
        const [tag, value] = results[i] as (typeof results)[number];
        if (tag === 0) return { _tag: "Duplicate", internalId: value };
        if (tag === 2) return { _tag: "Ingested", event: readEvent(request.internalId, value) };
        const { internalId, receivedAt, payload } = request;
        return { _tag: "Ingested", event: { internalId, seq: value, receivedAt, payload } };
      });
    },
    {
      requests: BATCH_LIMIT,
      weight: { of: (e) => e.args[INGEST_BODY]?.length ?? 0, most: INGEST_BATCH_CHARS },
    },
  );
  return (requests) =>
    ingestBatch(requests.map((request) => ({ request, args: ingestArgs(request) })));
};

/** One `markProcessed` script for the markings of one turn (`turn-batch.ts`). */
const sendMarks =
  ({ client, keys }: StoreContext) =>
  async (ids: readonly string[]): Promise<undefined[]> => {
    const legacy = ids.map((id) => legacyTriggerKey(keys, id));
    const scriptKeys = [keys.pending, keys.events, keys.eventsIdle, keys.triggers, ...legacy];
    const reply = await evalScript(client, SCRIPTS.markProcessed, scriptKeys, [keys.tag, ...ids]);
    const marked = decodeReply(Marked, "markProcessed", reply);
    if (marked.length !== ids.length) {
      const detail = `${marked.length} results for ${ids.length} events`;
      throw new RedisStoreError({ _tag: "BadReply", what: "markProcessed", detail });
    }
    return ids.map(() => undefined);
  };

/** The ingestion log: INCR for the order, a hash of events, a sorted set of pending ones. */
export const eventMethods = (context: StoreContext): EventMethods => {
  const { client, keys } = context;
  const mark = turnBatch(sendMarks(context), { requests: BATCH_LIMIT });
  return {
    ingest: ingestInTurns(context),
    pendingEvents: async (limit) => {
      if (limit <= 0) return [];
      const keyList = [keys.pending, keys.events];
      const reply = await evalScript(client, SCRIPTS.pendingEvents, keyList, [String(limit)]);
      return readEvents(decodeReply(Strings, "pendingEvents", reply));
    },
    markProcessed: async (internalId) => {
      await mark([internalId]);
    },
    getEvent: async (internalId) => {
      const json = await client.hget(keys.events, internalId);
      return json === null ? null : readEvent(internalId, json);
    },
    listEvents: async (filter) => {
      const limit = Math.max(1, Math.floor(filter.limit ?? DEFAULT_PAGE_SIZE));
      const { receivedAfter: after, receivedBefore: before, cursor } = filter;
      const { max, min } = pageBounds({ after, before, cursor });
      const order = eventOrderKey(keys, filter.name ?? null);
      const args = [String(limit), max, min];
      const reply = await evalScript(client, SCRIPTS.listEvents, [order, keys.events], args);
      const [more, last, jsons] = decodeReply(PageReply, "listEvents", reply);
      return {
        events: readEvents(jsons),
        cursor: more === 1 ? encodeCursor(last) : null,
      };
    },
    lastSeq: async () => Number((await client.get(keys.seq)) ?? 0),
  };
};
