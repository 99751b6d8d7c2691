import {
  cancelFirst,
  type EngineFunction,
  eventRunId,
  FUNCTION_INVOKED,
  functionsTriggeredBy,
  indexKeyOf,
  invokeRefusal,
  type Listener,
  listenerAccepts,
  listenerInput,
  type Run,
  type RunInput,
  SCHEDULED_TIMER,
  type Store,
  type StoredEvent,
} from "@quell/core";
import { admit } from "./admit";
import type { Transaction } from "./transact";

export interface ProcessEventsInput {
  readonly store: Store;
  readonly functions: ReadonlyMap<string, EngineFunction>;
  /** Pending events, in ingestion order. */
  readonly events: readonly StoredEvent[];
  /**
   * The clock, read once per part: a batch can take a while, and a commit's time should be
   * close to when it lands (timeline times then follow commit order).
   */
  readonly now: () => number;
  readonly apply: (
    runId: string,
    input: (run: Run) => RunInput | null,
    options?: { readonly known?: Run },
  ) => Promise<Transaction | null>;
  /** Paused functions: their events create `skipped` runs (SPEC §4.6). */
  readonly paused: ReadonlySet<string>;
  /**
   * In a partitioned deployment, whether this engine's partition creates the run of `fn` the
   * event triggers (`partitions/ownership.ts`); absent, it creates every run.
   */
  readonly owns?: ((event: StoredEvent, fn: EngineFunction) => boolean) | undefined;
}

const NONE: readonly EngineFunction[] = [];
const NONE_FOUND: readonly Listener[] = [];
/** Under this name, every function: an invoked event names its own (`functionsTriggeredBy`). */
const ALL = "";

interface TriggerIndex {
  readonly size: number;
  readonly byName: ReadonlyMap<string, readonly EngineFunction[]>;
}

const triggerIndexes = new WeakMap<ReadonlyMap<string, EngineFunction>, TriggerIndex>();

/**
 * The functions by trigger event name (cron functions under `inngest/scheduled.timer`), each
 * once per name, in registration order within a name, built once per functions map (rebuilt if
 * the map's size changed), so an event only tests its own candidates.
 */
const triggerIndex = (
  functions: ReadonlyMap<string, EngineFunction>,
): ReadonlyMap<string, readonly EngineFunction[]> => {
  const cached = triggerIndexes.get(functions);
  if (cached !== undefined && cached.size === functions.size) return cached.byName;
  const byName = new Map<string, EngineFunction[]>([[ALL, [...functions.values()]]]);
  for (const fn of functions.values()) {
    const names = new Set(fn.triggers.map((t) => (t._tag === "Cron" ? SCHEDULED_TIMER : t.event)));
    for (const name of names) {
      const list = byName.get(name);
      if (list === undefined) byName.set(name, [fn]);
      else list.push(fn);
    }
  }
  triggerIndexes.set(functions, { size: functions.size, byName });
  return byName;
};

/**
 * No function is triggered by events of this name (an invoked event names its own function), so
 * only a listener can consume one: its system events are ingested `onlyForListeners`.
 */
export const triggersNoFunction = (
  functions: ReadonlyMap<string, EngineFunction>,
  name: string,
): boolean => name !== FUNCTION_INVOKED && !triggerIndex(functions).has(name);

/** What one event asks of one run: an input to apply, decided on the run as read. */
type Match = (run: Run) => RunInput | null;

/** The candidates an event's name selects (every function for an invoke, which names its own). */
const candidates = (
  byTrigger: ReadonlyMap<string, readonly EngineFunction[]>,
  event: StoredEvent,
): readonly EngineFunction[] =>
  byTrigger.get(event.payload.name === FUNCTION_INVOKED ? ALL : event.payload.name) ?? NONE;

/** An event with the functions it triggers, and those whose runs this engine creates. */
interface Triggering {
  readonly event: StoredEvent;
  readonly functions: readonly EngineFunction[];
  readonly creates: readonly EngineFunction[];
}

/**
 * The batch cut before every event that triggers a singleton function (not paused): whether
 * such a run may start, and which run it cancels, depends on everything every earlier event
 * did (a cancel event may have ended the run in progress), so it waits for the earlier part of
 * the batch to be done (SPEC §7.8).
 */
const segments = (
  input: ProcessEventsInput,
  byTrigger: ReadonlyMap<string, readonly EngineFunction[]>,
): Triggering[][] => {
  const out: Triggering[][] = [];
  let current: Triggering[] = [];
  for (const event of input.events) {
    const functions = functionsTriggeredBy(candidates(byTrigger, event), event.payload);
    const { owns } = input;
    const creates = owns === undefined ? functions : functions.filter((fn) => owns(event, fn));
    const singleton = creates.some((fn) => fn.singleton !== null && !input.paused.has(fn.slug));
    if (singleton && current.length > 0) {
      out.push(current);
      current = [];
    }
    current.push({ event, functions, creates });
  }
  if (current.length > 0) out.push(current);
  return out;
};

/**
 * Process a batch of ingested events with the effect of processing them one by one in
 * ingestion order (SPEC R3), but with the store's round trips overlapped. The batch is cut
 * before each event that triggers a singleton function (`segments`); each part, in order:
 *
 * 1. create every run the part triggers (each with its cancelOn listeners, its cascade from
 *    the parent that invoked it, and first queue item in one write, SPEC R1, through `admit`,
 *    which claims a singleton's slot), all at once. An event of the part then sees every run
 *    that an earlier event created (an invoked child exists before its parent's later
 *    `function.cancelled` is matched); it also finds the runs of later events, whose listeners
 *    accept only events ingested after their trigger, so it never touches them. At most the
 *    part's first event triggers singletons, one slot per function, so no two creations of a
 *    part compete for a slot;
 * 2. look up every event's candidate listeners in the store's index (SPEC R7), all at once (the
 *    first event's during step 1: no run the part creates can accept it);
 * 3. for each run, apply its matches (Cancel, WaitMatched, or an invoke's refusal when the
 *    invoked function is missing or paused) in ingestion order, cancellations first within one
 *    event; different runs proceed in parallel, since a match depends only on
 *    the listener, the run's trigger and the incoming event.
 *
 * Processing an event again (a process died before marking it processed) changes nothing: run
 * ids derive from the event (`eventRunId`), so the store answers RunExists, and the runs it
 * cancelled or resumed have moved on.
 */
export const processEvents = async (input: ProcessEventsInput): Promise<void> => {
  const byTrigger = triggerIndex(input.functions);
  for (const part of segments(input, byTrigger)) await processPart(input, part);
};

const processPart = async (
  input: ProcessEventsInput,
  part: readonly Triggering[],
): Promise<void> => {
  const { store } = input;
  const now = input.now();
  const apply = (runId: string, step: (run: Run) => RunInput | null) => input.apply(runId, step);
  const find = (event: StoredEvent) =>
    store.findListeners(event.payload.name, indexKeyOf(event.payload));
  const events = part.map(({ event }) => event);
  // The first event's lookup overlaps the creations: the runs it creates listen only to events
  // ingested after it (their listeners' afterSeq is its seq), so there is nothing of theirs for
  // it to find. A later event's lookup waits for them: an earlier event's run may listen to it.
  const [firstEvent, ...laterEvents] = events;
  const creations = Promise.all(
    part.flatMap(({ event, creates }) =>
      creates.map((fn) =>
        admit(store, apply, {
          id: eventRunId(event, fn.slug),
          fn,
          trigger: event,
          at: now,
          afterSeq: event.seq,
          skipped: input.paused.has(fn.slug),
        }),
      ),
    ),
  );
  const [firstFound] = await Promise.all([
    firstEvent === undefined ? NONE_FOUND : find(firstEvent),
    creations,
  ]);
  const found = [firstFound, ...(await Promise.all(laterEvents.map(find)))];
  const byRun = new Map<string, Match[]>();
  const add = (runId: string, match: Match): void => {
    const matches = byRun.get(runId) ?? [];
    matches.push(match);
    byRun.set(runId, matches);
  };
  part.forEach(({ event, functions }, i) => {
    const refused = invokeRefusal(event.payload, functions, input.paused, now);
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
