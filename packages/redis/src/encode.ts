import {
  cancelledByEvent,
  type IngestRequest,
  type Listener,
  type Run,
  type RunWrite,
  runEndedAt,
} from "@quell/core";
import { storedEventBody } from "./event-form";
import { storedListener, storedRunBody } from "./stored-form";

/**
 * A number as a sorted-set score or bound. NaN is refused here, before anything is sent: ZADD
 * would fail in the middle of a script, after its first writes.
 */
export const score = (n: number): string => {
  if (Number.isNaN(n)) throw new RangeError("a time must be a number, got NaN");
  if (n === Number.POSITIVE_INFINITY) return "+inf";
  return n === Number.NEGATIVE_INFINITY ? "-inf" : String(n);
};

/**
 * 16 hex digits whose byte order is the numeric order of `ms` (IEEE 754 bits with the sign bit
 * flipped for positives and every bit flipped for negatives), so lex-ordered sets sort by time.
 */
export const sortableTime = (ms: number): string => {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, ms === 0 ? 0 : ms);
  let hi = view.getUint32(0);
  let lo = view.getUint32(4);
  if (hi >= 0x80000000) {
    hi = ~hi >>> 0;
    lo = ~lo >>> 0;
  } else {
    hi = (hi | 0x80000000) >>> 0;
  }
  return hi.toString(16).padStart(8, "0") + lo.toString(16).padStart(8, "0");
};

/** A run's member in the state sets: listing order is createdAt, then id. */
export const orderMember = (run: Pick<Run, "createdAt" | "id">): string =>
  sortableTime(run.createdAt) + run.id;

/** An event's member in the listEvents sets (as `includes/orderEvent.lua` builds it). */
export const eventMember = (event: { readonly receivedAt: number; readonly internalId: string }) =>
  sortableTime(event.receivedAt) + event.internalId;

/** One event's six ARGV values (see `includes/ingestEvent.lua`). */
export const ingestArgs = (request: IngestRequest): string[] => [
  request.internalId,
  request.dedupeKey === null ? "" : `=${request.dedupeKey}`,
  score(request.receivedAt),
  request.payload.name,
  storedEventBody(request),
  request.onlyForListeners === true ? "1" : "0",
];

/**
 * A listener's seven ARGV values: its id and index, then its shape's JSON and its own, in the
 * stored form (`stored-form.ts`). When the write stamps listeners at commit, its own JSON leaves
 * `afterSeq` out and the script appends it from the seq counter (as `ingestEvent` appends an
 * event's `seq`), so Lua never re-encodes a number: cjson would round every one to 14
 * significant digits.
 */
const listenerArgs = (listener: Listener, stamp: boolean): string[] => {
  const { shape, own } = storedListener(listener, stamp);
  return [
    listener.id,
    listener.event,
    listener.index === null ? "0" : "1",
    listener.index?.signature ?? "",
    listener.index?.key ?? "",
    JSON.stringify(shape),
    JSON.stringify(own),
  ];
};

/**
 * A run's JSON, in the stored form (`stored-form.ts`): without its id and the fields its hash
 * keeps on their own (`createdPos`, the store's, among them: `includes/putRun`), without
 * `events` when it is only the trigger event, and without the trigger event, sent beside it
 * (`includes/runJsonFor` decides whether the stored JSON keeps it).
 */
const runBodyJson = (run: Run): string => JSON.stringify(storedRunBody(run));

/**
 * A write's ARGV, in the layout `includes/applyWrite.lua` reads. `eventJson` is the trigger
 * event's JSON in its stored form (`triggerEventJson`), or "" when the writer knows the stored
 * run takes it from the log (`runs.ts`).
 */
export const writeArgs = (write: RunWrite, eventJson: string): string[] => {
  const { run } = write;
  const stamp = write.stampListenersAtCommit === true;
  const endedAt = runEndedAt(run);
  return [
    run.id,
    String(run.version),
    run.state,
    run.functionId,
    orderMember(run),
    run.triggerEventId,
    runBodyJson(run),
    eventJson,
    endedAt === null ? "" : score(endedAt),
    cancelledByEvent(run) ?? "",
    write.timer === undefined ? "" : write.timer === null ? "-" : score(write.timer),
    write.enqueueAt === undefined ? "" : score(write.enqueueAt),
    write.lease === undefined ? "" : write.lease === null ? "-" : score(write.lease),
    stamp ? "1" : "0",
    String(write.removeListeners.length),
    ...write.removeListeners,
    String(write.addListeners.length),
    ...write.addListeners.flatMap((listener) => listenerArgs(listener, stamp)),
    String(write.emit.length),
    ...write.emit.flatMap(ingestArgs),
  ];
};
