import type { StoredEvent } from "../codecs/event";
import type { Listener } from "../codecs/listener";
import type { RunInput } from "./effects";

/**
 * The input an accepted listener gives its run (after `listenerAccepts`): a cancelOn listener
 * cancels it (source `event`), a cascade cancels it because its parent was cancelled (source
 * `parent`, naming the parent, whose `function.cancelled` this is), a wait resumes it.
 */
export const listenerInput = (listener: Listener, event: StoredEvent, at: number): RunInput => {
  switch (listener.kind) {
    case "cancel":
      return {
        _tag: "Cancel",
        at,
        cancellation: { source: "event", at, event_id: event.internalId },
      };
    case "cascade":
      return {
        _tag: "Cancel",
        at,
        cancellation: { source: "parent", at, caused_by_run_id: String(event.payload.data.run_id) },
      };
    case "wait":
      return { _tag: "WaitMatched", at, stepHash: listener.stepHash ?? "", event: event.payload };
  }
};
