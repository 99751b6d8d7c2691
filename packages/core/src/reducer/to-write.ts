import type { EventInput } from "../codecs/event";
import type { Run } from "../codecs/run";
import { normalizeEvent } from "../events/normalize";
import type { IngestRequest, RunWrite } from "../store/port";
import type { RunEffect } from "./effects";

/** Effects the runtime performs after the write commits. */
export type RunAction = Extract<RunEffect, { _tag: "Execute" | "SendEvents" | "AbortStep" }>;

/** A system event as it enters the ingestion log. */
export const emittedEvent = (event: EventInput, internalId: string, at: number): IngestRequest => ({
  internalId,
  payload: normalizeEvent(event, internalId, at),
  dedupeKey: null,
  receivedAt: at,
});

/**
 * Split a transition's effects into the store write (applied atomically with the run) and the
 * actions the runtime performs once the write committed.
 */
export const toRunWrite = (
  run: Run,
  effects: readonly RunEffect[],
  at: number,
  newEventId: () => string,
): { readonly write: RunWrite; readonly actions: readonly RunAction[] } => {
  const addListeners: RunWrite["addListeners"][number][] = [];
  const removeListeners: string[] = [];
  const emit: IngestRequest[] = [];
  const actions: RunAction[] = [];
  let timer: number | null | undefined;
  let enqueueAt: number | undefined;
  for (const effect of effects) {
    switch (effect._tag) {
      case "Enqueue":
        enqueueAt = effect.at;
        break;
      case "SetTimer":
        timer = effect.at;
        break;
      case "ClearTimer":
        timer = timer ?? null;
        break;
      case "AddListener":
        addListeners.push(effect.listener);
        break;
      case "RemoveListeners":
        removeListeners.push(...effect.ids);
        break;
      case "Emit":
        emit.push(emittedEvent(effect.event, newEventId(), at));
        break;
      default:
        actions.push(effect);
    }
  }
  return { write: { run, addListeners, removeListeners, timer, enqueueAt, emit }, actions };
};
