import {
  type QuellFunction,
  type RunInput,
  type Store,
  type StoredEvent,
  cancelFirst,
  functionsTriggeredBy,
  indexKeyOf,
  listenerAccepts,
  newRun,
} from "@quell/core";
import type { Transaction } from "./transact";

export interface ProcessEventInput {
  readonly store: Store;
  readonly functions: ReadonlyMap<string, QuellFunction>;
  readonly event: StoredEvent;
  readonly now: number;
  readonly newId: () => string;
  readonly apply: (runId: string, input: () => RunInput) => Promise<Transaction | null>;
  /** Paused functions: their events create `skipped` runs (SPEC §4.6). */
  readonly paused: ReadonlySet<string>;
}

/**
 * Process one ingested event, in ingestion order: create the runs it triggers (each with its
 * cancelOn listeners and first queue item in one write, SPEC R1), then cancel or resume the runs
 * whose listeners it matches. Candidates come from the store's index (SPEC R7); each is then
 * checked against the full rule (order, timeout, expression).
 */
export const processEvent = async (input: ProcessEventInput): Promise<void> => {
  const { store, event, now } = input;
  for (const fn of functionsTriggeredBy([...input.functions.values()], event.payload)) {
    const skipped = input.paused.has(fn.slug);
    const created = newRun({ id: input.newId(), fn, trigger: event, at: now, afterSeq: event.seq, skipped });
    await store.createRun({
      run: created.run,
      addListeners: created.listeners,
      removeListeners: [],
      timer: undefined,
      enqueueAt: skipped ? undefined : now,
      emit: [],
    });
  }
  const listeners = [...(await store.findListeners(event.payload.name, indexKeyOf(event.payload)))].sort(cancelFirst);
  for (const listener of listeners) {
    const run = await store.getRun(listener.runId);
    if (run === null || !listenerAccepts(listener, run.event, event)) continue;
    await input.apply(listener.runId, (): RunInput =>
      listener.kind === "cancel"
        ? { _tag: "Cancel", at: now, cancellation: { source: "event", at: now, event_id: event.internalId } }
        : { _tag: "WaitMatched", at: now, stepHash: listener.stepHash ?? "", event: event.payload },
    );
  }
};
