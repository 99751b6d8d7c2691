import type { StoredEvent } from "../codecs/event";
import type { Run } from "../codecs/run";
import { invokeMetadata } from "../invoke/invoke-event";
import { type ExplorerState, freshLabel, labelOf } from "./state";
import type { RunRef } from "./types";

const SYSTEM_PREFIX = "inngest/";

const eventBase = (state: ExplorerState, event: StoredEvent, sender: string | null): string => {
  const { name, data } = event.payload;
  if (name.startsWith(SYSTEM_PREFIX)) {
    // An invoke is named after the run that invoked; the others after the run they are about.
    const runId =
      invokeMetadata(event.payload)?.source_run_id ??
      (typeof data.run_id === "string" ? data.run_id : "");
    return `${name.slice(SYSTEM_PREFIX.length)}(${labelOf(state, runId)})`;
  }
  return sender === null ? `${name}@${event.seq}` : `${name}(sent by ${sender})`;
};

const runBase = (state: ExplorerState, run: Run): string => {
  if (run.originalRunId !== null) return `replay:${labelOf(state, run.originalRunId)}`;
  const fn = state.world.functions.get(run.functionId);
  return `${fn?.id ?? run.functionId}:${labelOf(state, run.triggerEventId)}`;
};

/**
 * Name whatever a move created: runs after the event that triggered them, system events after
 * their run, events a `sendEvent` step ingested after the run that sent them. Labels depend on
 * what happened, not on the order ids were drawn, so equal states get equal names.
 */
export const labelNew = (state: ExplorerState, sender: string | null = null): void => {
  const { labels, world } = state;
  for (const run of world.runs.values()) {
    if (!labels.has(run.id)) labels.set(run.id, freshLabel(labels, runBase(state, run)));
  }
  for (const event of world.events.values()) {
    if (!labels.has(event.internalId)) {
      labels.set(event.internalId, freshLabel(labels, eventBase(state, event, sender)));
    }
  }
  for (const record of world.bulk.values()) {
    if (!labels.has(record.id)) labels.set(record.id, freshLabel(labels, "bulk"));
  }
};

/** The run a scenario's reference names, once it exists. */
export const resolveRun = (state: ExplorerState, ref: RunRef): string | null => {
  const eventLabel = typeof ref === "string" ? ref : ref.event;
  const fnId = typeof ref === "string" ? null : ref.fn;
  for (const run of state.world.runs.values()) {
    if (labelOf(state, run.triggerEventId) !== eventLabel || run.originalRunId !== null) continue;
    const fn = state.world.functions.get(run.functionId);
    if (fnId === null || fn?.id === fnId || fn?.slug === fnId) return run.id;
  }
  return null;
};
