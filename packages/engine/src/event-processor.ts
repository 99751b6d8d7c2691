import {
  cancelFirst,
  type EngineFunction,
  eventRunId,
  functionsTriggeredBy,
  indexKeyOf,
  type Listener,
  listenerAccepts,
  newRun,
  type Run,
  type RunInput,
  type Store,
  type StoredEvent,
} from "@quell/core";
import type { Transaction } from "./transact";

export interface ProcessEventsInput {
  readonly store: Store;
  readonly functions: ReadonlyMap<string, EngineFunction>;
  /** Pending events, in ingestion order. */
  readonly events: readonly StoredEvent[];
  readonly now: number;
  readonly apply: (
    runId: string,
    input: (run: Run) => RunInput | null,
    options?: { readonly known?: Run },
  ) => Promise<Transaction | null>;
  /** Paused functions: their events create `skipped` runs (SPEC §4.6). */
  readonly paused: ReadonlySet<string>;
}

const NONE: readonly EngineFunction[] = [];
const NONE_FOUND: readonly Listener[] = [];

interface TriggerIndex {
  readonly size: number;
  readonly byName: ReadonlyMap<string, readonly EngineFunction[]>;
}

const triggerIndexes = new WeakMap<ReadonlyMap<string, EngineFunction>, TriggerIndex>();

/**
 * The functions by trigger event name, in registration order within a name, built once per
 * functions map (rebuilt if the map's size changed), so an event only tests its own candidates.
 */
const triggerIndex = (
  functions: ReadonlyMap<string, EngineFunction>,
): ReadonlyMap<string, readonly EngineFunction[]> => {
  const cached = triggerIndexes.get(functions);
  if (cached !== undefined && cached.size === functions.size) return cached.byName;
  const byName = new Map<string, EngineFunction[]>();
  for (const fn of functions.values()) {
    const list = byName.get(fn.trigger.event);
    if (list === undefined) byName.set(fn.trigger.event, [fn]);
    else list.push(fn);
  }
  triggerIndexes.set(functions, { size: functions.size, byName });
  return byName;
};

interface Match {
  readonly event: StoredEvent;
  readonly listener: Listener;
}

/**
 * Process a batch of ingested events with the effect of processing them one by one in
 * ingestion order (SPEC R3), but with the store's round trips overlapped:
 *
 * 1. create every run the batch triggers (each with its cancelOn listeners and first queue
 *    item in one write, SPEC R1), all at once. An event of the batch then sees every run that
 *    an earlier event created; it also finds the runs of later events, whose listeners accept
 *    only events ingested after their trigger, so it never touches them;
 * 2. look up every event's candidate listeners in the store's index (SPEC R7), all at once;
 * 3. for each run, apply its matches (Cancel or WaitMatched) in ingestion order, cancellations
 *    first within one event; different runs proceed in parallel, since a match depends only on
 *    the listener, the run's trigger and the incoming event.
 *
 * Processing an event again (a process died before marking it processed) changes nothing: run
 * ids derive from the event (`eventRunId`), so the store answers RunExists, and the runs it
 * cancelled or resumed have moved on.
 */
export const processEvents = async (input: ProcessEventsInput): Promise<void> => {
  const { store, events, now } = input;
  const byTrigger = triggerIndex(input.functions);
  await Promise.all(
    events.flatMap((event) =>
      functionsTriggeredBy(byTrigger.get(event.payload.name) ?? NONE, event.payload).map((fn) => {
        const skipped = input.paused.has(fn.slug);
        const created = newRun({
          id: eventRunId(event, fn.slug),
          fn,
          trigger: event,
          at: now,
          afterSeq: event.seq,
          skipped,
        });
        return store.createRun({
          run: created.run,
          addListeners: created.listeners,
          removeListeners: [],
          timer: undefined,
          enqueueAt: skipped ? undefined : now,
          emit: [],
        });
      }),
    ),
  );
  const found = await Promise.all(
    events.map((event) => store.findListeners(event.payload.name, indexKeyOf(event.payload))),
  );
  const byRun = new Map<string, Match[]>();
  events.forEach((event, i) => {
    const listeners = found[i] ?? NONE_FOUND;
    // Most events find at most one listener: only several need a sorted copy.
    for (const listener of listeners.length > 1 ? [...listeners].sort(cancelFirst) : listeners) {
      const matches = byRun.get(listener.runId) ?? [];
      matches.push({ event, listener });
      byRun.set(listener.runId, matches);
    }
  });
  await Promise.all([...byRun].map(([runId, matches]) => applyInOrder(input, runId, matches, now)));
};

const applyInOrder = async (
  input: ProcessEventsInput,
  runId: string,
  matches: readonly Match[],
  now: number,
): Promise<void> => {
  let run = await input.store.getRun(runId);
  for (const { event, listener } of matches) {
    if (run === null) return;
    if (!listenerAccepts(listener, run.event, event)) continue;
    const result = await input.apply(
      runId,
      (): RunInput =>
        listener.kind === "cancel"
          ? {
              _tag: "Cancel",
              at: now,
              cancellation: { source: "event", at: now, event_id: event.internalId },
            }
          : {
              _tag: "WaitMatched",
              at: now,
              stepHash: listener.stepHash ?? "",
              event: event.payload,
            },
      { known: run },
    );
    run = result?.run ?? null;
  }
};
