import type { EventInput } from "../codecs/event";
import type { Run } from "../codecs/run";
import { normalizeEvent } from "../events/normalize";
import type { IngestRequest, RunWrite } from "../store/port";
import type { RunEffect } from "./effects";

/**
 * Effects the runtime performs after the write commits, or, when the input changed nothing,
 * instead of a write (see `unwrittenActions`).
 */
export type RunAction = Extract<
  RunEffect,
  { _tag: "Execute" | "SendEvents" | "AbortStep" | "ReleaseLease" }
>;

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
  let lease: number | null | undefined;
  let releaseSingleton: string | undefined;
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
      case "HoldLease":
        lease = effect.until;
        break;
      case "ReleaseLease":
        lease = null;
        break;
      case "ReleaseSingleton":
        releaseSingleton = effect.slot;
        break;
      default:
        actions.push(effect);
    }
  }
  return {
    write: {
      run,
      addListeners,
      removeListeners,
      timer,
      enqueueAt,
      emit,
      lease,
      ...(releaseSingleton !== undefined ? { releaseSingleton } : {}),
    },
    actions,
  };
};

/**
 * What the runtime performs for an input that changed nothing (no write): only a claim that
 * found nothing to execute asks for something, `ReleaseLease` (the store's `releaseLease`).
 */
export const unwrittenActions = (effects: readonly RunEffect[]): readonly RunAction[] =>
  effects.filter((effect): effect is RunAction => effect._tag === "ReleaseLease");
