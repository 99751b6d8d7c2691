import type { Cancellation } from "../codecs/cancellation";
import type { EventInput, EventPayload } from "../codecs/event";
import type { Listener } from "../codecs/listener";
import type { Op } from "../codecs/ops";

/**
 * What a transition asks the runtime to do, as data (like Temporal's commands and XState's
 * `transition()` actions). Store-side effects are applied in the same atomic write as the run;
 * the others (`Execute`, `SendEvents`, `AbortStep`) are performed after that write commits.
 */
export type RunEffect =
  | { readonly _tag: "Enqueue"; readonly at: number }
  | { readonly _tag: "SetTimer"; readonly at: number }
  | { readonly _tag: "ClearTimer" }
  | { readonly _tag: "AddListener"; readonly listener: Listener }
  | { readonly _tag: "RemoveListeners"; readonly ids: readonly string[] }
  | { readonly _tag: "Emit"; readonly event: EventInput }
  /** Run the handler; it may execute the step `allowStep` (whose start just committed), no other. */
  | { readonly _tag: "Execute"; readonly allowStep: string | null }
  /** Perform a committed `step.sendEvent`, then report its `StepRun`. */
  | {
      readonly _tag: "SendEvents";
      readonly id: string;
      readonly hash: string;
      readonly events: readonly EventInput[];
    }
  /** Abort the in-flight step's `signal`: cancellation committed while it runs. */
  | { readonly _tag: "AbortStep" };

/** Inputs of the per-run reducer. Time arrives as `at` (epoch ms); nothing is read from a clock. */
export type RunInput =
  | { readonly _tag: "ExecutionStarted"; readonly at: number }
  /** `seq`: the ingestion position when the op is committed; a wait matches only later events. */
  | { readonly _tag: "OpReported"; readonly at: number; readonly op: Op; readonly seq: number }
  | { readonly _tag: "TimerFired"; readonly at: number }
  | {
      readonly _tag: "WaitMatched";
      readonly at: number;
      readonly stepHash: string;
      readonly event: EventPayload;
    }
  | { readonly _tag: "Cancel"; readonly at: number; readonly cancellation: Cancellation }
  | { readonly _tag: "LeaseExpired"; readonly at: number }
  /** Its function is paused: stop at this step boundary (SPEC §4.6). */
  | { readonly _tag: "Pause"; readonly at: number }
  /** Its function was resumed: queue the next execution. */
  | { readonly _tag: "Resume"; readonly at: number };

/** Why an input changed nothing. `Rejected` is an answer the caller reports (e.g. HTTP 409). */
export type RunOutcome =
  | { readonly _tag: "Applied" }
  | { readonly _tag: "Ignored"; readonly reason: string }
  | { readonly _tag: "Rejected"; readonly reason: string };

/** What the reducer needs to know about the run's function. */
export interface RunContext {
  readonly retries: number;
  /** Ids of the run's cancelOn listeners, removed when the run ends. */
  readonly cancelListenerIds: readonly string[];
}
