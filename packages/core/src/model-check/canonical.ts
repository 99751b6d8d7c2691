import type { BulkCancellation } from "../codecs/bulk-cancellation";
import type { StoredEvent } from "../codecs/event";
import type { Run } from "../codecs/run";
import { type ExplorerState, isStale, labelOf, renameIds } from "./state";

// Runs and events are immutable values shared by every state that holds them, and the ids they
// mention are all named by the time they are first seen, so their canonical text is computed
// once per object.
const runTexts = new WeakMap<Run, string>();
const eventTexts = new WeakMap<StoredEvent, string>();

/**
 * A run's part of the state. The timeline, the version and the copies of the triggering event
 * are left out: the reducer never reads them (they follow from the path and from the trigger),
 * so two runs equal in everything else behave the same from here on. So is `createdPos`: it
 * only matters to the bulk records, which name the runs it admits instead (`normalizeBulk`).
 * The lease epoch only matters compared with an execution's: each execution says whether it is
 * stale instead (the expiries used are counted in the state).
 */
const runText = (state: ExplorerState, run: Run): string => {
  let text = runTexts.get(run);
  if (text === undefined) {
    const {
      state: at,
      triggerEventId,
      createdSeq,
      createdAt,
      startedAt,
      endedAt,
      attempt,
      steps,
    } = run;
    const { inFlight, wake, waiting, cancellation, output, error, originalRunId, parent } = run;
    const tuple: unknown[] = [
      at,
      triggerEventId,
      createdSeq,
      createdAt,
      startedAt,
      endedAt,
      attempt,
      steps,
      inFlight,
    ];
    tuple.push(
      wake,
      waiting,
      cancellation,
      output ?? null,
      error,
      originalRunId,
      run.singleton,
      parent,
    );
    text = renameIds(JSON.stringify(tuple), state.labels);
    runTexts.set(run, text);
  }
  return text;
};

/** A processed event only matters by its position and time; a pending one by its payload too. */
const eventText = (state: ExplorerState, event: StoredEvent, pending: boolean): string => {
  if (!pending) return `${labelOf(state, event.internalId)}@${event.seq}:${event.receivedAt}`;
  let text = eventTexts.get(event);
  if (text === undefined) {
    text = renameIds(
      JSON.stringify([event.internalId, event.seq, event.receivedAt, event.payload]),
      state.labels,
    );
    eventTexts.set(event, text);
  }
  return text;
};

const sortedEntries = (state: ExplorerState, map: ReadonlyMap<string, number>): string =>
  [...map]
    .map(([id, at]) => `${labelOf(state, id)}=${at}`)
    .sort()
    .join(",");

/**
 * A bulk record's `created_pos` only ever separates runs that existed at the request from runs
 * created later (every run created from here on gets a larger position). Two records that
 * admit the same existing runs are the same: name those runs instead of the position.
 */
const normalizeBulk = (
  state: ExplorerState,
  record: BulkCancellation,
): Omit<BulkCancellation, "created_pos"> & { readonly admits: string[] } => {
  const { created_pos, ...rest } = record;
  const admits: string[] = [];
  for (const run of state.world.runs.values()) {
    if (run.functionId === record.function_id && run.createdPos <= created_pos)
      admits.push(labelOf(state, run.id));
  }
  return { ...rest, admits: admits.sort() };
};

/**
 * Everything that decides what can happen next, with ids renamed to labels and every
 * collection in a fixed order: two states with the same canonical form are the same state,
 * whichever order their ids were drawn in. Bookkeeping that does not affect the future (id
 * counters, execution serials, timelines) is left out.
 */
export const canonicalForm = (state: ExplorerState): string => {
  const { world } = state;
  const pending = new Set(world.pending);
  const parts: string[] = [
    `${world.now}|${world.seq}|${state.cursor.index}.${state.cursor.done}|${state.leases}`,
  ];
  parts.push([...world.events.values()].map((e) => eventText(state, e, pending.has(e))).join(","));
  parts.push(world.pending.map((e) => labelOf(state, e.internalId)).join(","));
  parts.push(
    renameIds(JSON.stringify([...world.dedupe].sort(([a], [b]) => (a < b ? -1 : 1))), state.labels),
  );
  parts.push(
    [...world.runs.values()]
      .map((run) => `${labelOf(state, run.id)}:${runText(state, run)}`)
      .sort()
      .join("\n"),
  );
  parts.push(
    [...world.listeners.values()]
      .map((l) => `${renameIds(l.id, state.labels)}>${l.afterSeq}<${l.expiresAt}`)
      .sort()
      .join(","),
  );
  parts.push(sortedEntries(state, world.timers), sortedEntries(state, world.queue));
  parts.push([...world.paused].sort().join(","));
  parts.push(
    [...world.bulk.values()]
      .map((record) => renameIds(JSON.stringify(normalizeBulk(state, record)), state.labels))
      .sort()
      .join("\n"),
  );
  parts.push(
    state.executions
      .map((x) =>
        renameIds(
          JSON.stringify(
            x.kind === "handler"
              ? [
                  x.kind,
                  x.runId,
                  isStale(world, x),
                  x.allowStep,
                  x.startedAt,
                  x.aborted,
                  x.snapshot.steps,
                  x.snapshot.attempt,
                ]
              : x.kind === "send"
                ? [x.kind, x.runId, isStale(world, x), x.hash, x.events]
                : [x.kind, x.runId, isStale(world, x), x.op],
          ),
          state.labels,
        ),
      )
      .sort()
      .join("\n"),
  );
  parts.push(
    [...state.bulkEligible]
      .map(
        ([id, runs]) =>
          `${labelOf(state, id)}:${runs
            .map((r) => labelOf(state, r))
            .sort()
            .join(",")}`,
      )
      .sort()
      .join(";"),
  );
  if (world.singletons.size > 0)
    parts.push(renameIds(JSON.stringify([...world.singletons].sort()), state.labels));
  return parts.join("\n#\n");
};

/**
 * A 64-bit hash of a string as 16 hex digits (two independent 32-bit lanes, murmur-style
 * mixing). With a million states the chance that two distinct states collide is about 3·10⁻⁸.
 */
export const hash64 = (text: string): string => {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (h1 >>> 0).toString(16).padStart(8, "0") + (h2 >>> 0).toString(16).padStart(8, "0");
};

/** The identity of a state, for merging. */
export const stateKey = (state: ExplorerState): string => hash64(canonicalForm(state));
