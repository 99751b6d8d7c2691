import {
  cancelFirst,
  eventRunId,
  FUNCTION_INVOKED,
  functionsTriggeredBy,
  indexKeyOf,
  invokeRefusal,
  type Listener,
  listenerAccepts,
  listenerInput,
  newRun,
  type QuellFunction,
  type Run,
  type RunInput,
  type Store,
  type StoredEvent,
} from "@quell/core";
import type { Transaction } from "./transact";

export interface ProcessEventsInput {
  readonly store: Store;
  readonly functions: ReadonlyMap<string, QuellFunction>;
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

const NONE: readonly QuellFunction[] = [];
const NONE_FOUND: readonly Listener[] = [];
const ALL = "";

interface TriggerIndex {
  readonly size: number;
  readonly byName: ReadonlyMap<string, readonly QuellFunction[]>;
}

const triggerIndexes = new WeakMap<ReadonlyMap<string, QuellFunction>, TriggerIndex>();

/**
 * The functions by trigger event name, in registration order within a name, built once per
 * functions map (rebuilt if the map's size changed), so an event only tests its own candidates.
 */
const triggerIndex = (
  functions: ReadonlyMap<string, QuellFunction>,
): ReadonlyMap<string, readonly QuellFunction[]> => {
  const cached = triggerIndexes.get(functions);
  if (cached !== undefined && cached.size === functions.size) return cached.byName;
  // Under ALL, every function: an invoked event names its function (`functionsTriggeredBy`).
  const byName = new Map<string, QuellFunction[]>([[ALL, [...functions.values()]]]);
  for (const fn of functions.values()) {
    const list = byName.get(fn.trigger.event);
    if (list === undefined) byName.set(fn.trigger.event, [fn]);
    else list.push(fn);
  }
  triggerIndexes.set(functions, { size: functions.size, byName });
  return byName;
};

/** What one event asks of one run: an input to apply, decided on the run as read. */
type Match = (run: Run) => RunInput | null;

/** The candidates an event's name selects (every function for an invoke, which names its own). */
const candidates = (
  byTrigger: ReadonlyMap<string, readonly QuellFunction[]>,
  event: StoredEvent,
): readonly QuellFunction[] =>
  byTrigger.get(event.payload.name === FUNCTION_INVOKED ? ALL : event.payload.name) ?? NONE;

/**
 * Process a batch of ingested events with the effect of processing them one by one in
 * ingestion order (SPEC R3), but with the store's round trips overlapped:
 *
 * 1. create every run the batch triggers (each with its cancelOn listeners, its cascade from
 *    the parent that invoked it, and first queue item in one write, SPEC R1), all at once. An
 *    event of the batch then sees every run that an earlier event created (an invoked child
 *    exists before its parent's later `function.cancelled` is matched); it also finds the runs
 *    of later events, whose listeners accept only events ingested after their trigger, so it
 *    never touches them;
 * 2. look up every event's candidate listeners in the store's index (SPEC R7), all at once;
 * 3. for each run, apply its matches (Cancel, WaitMatched, or an invoke's refusal when the
 *    invoked function is missing or paused) in ingestion order, cancellations first within one
 *    event; different runs proceed in parallel, since a match depends only on the listener,
 *    the run's trigger and the incoming event.
 *
 * Processing an event again (a process died before marking it processed) changes nothing: run
 * ids derive from the event (`eventRunId`), so the store answers RunExists, and the runs it
 * cancelled or resumed have moved on.
 */
export const processEvents = async (input: ProcessEventsInput): Promise<void> => {
  const { store, events, now } = input;
  const byTrigger = triggerIndex(input.functions);
  const triggered = events.map((event) =>
    functionsTriggeredBy(candidates(byTrigger, event), event.payload),
  );
  await Promise.all(
    events.flatMap((event, i) =>
      (triggered[i] ?? NONE).map((fn) => {
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
  const add = (runId: string, match: Match): void => {
    const matches = byRun.get(runId) ?? [];
    matches.push(match);
    byRun.set(runId, matches);
  };
  events.forEach((event, i) => {
    const refused = invokeRefusal(event.payload, triggered[i] ?? NONE, input.paused, now);
    if (refused !== null) add(refused.runId, () => refused.input);
    const listeners = found[i] ?? NONE_FOUND;
    // Most events find at most one listener: only several need a sorted copy.
    for (const listener of listeners.length > 1 ? [...listeners].sort(cancelFirst) : listeners) {
      add(listener.runId, (run) =>
        listenerAccepts(listener, run.event, event) ? listenerInput(listener, event, now) : null,
      );
    }
  });
  await Promise.all([...byRun].map(([runId, matches]) => applyInOrder(input, runId, matches)));
};

const applyInOrder = async (
  input: ProcessEventsInput,
  runId: string,
  matches: readonly Match[],
): Promise<void> => {
  let run = await input.store.getRun(runId);
  for (const match of matches) {
    if (run === null) return;
    const step = match(run);
    if (step === null) continue;
    const result = await input.apply(runId, () => step, { known: run });
    run = result?.run ?? null;
  }
};
