import type { Cancellation } from "../codecs/cancellation";
import type { EventInput, EventPayload } from "../codecs/event";
import type { Listener } from "../codecs/listener";
import type { Op, SerializedError } from "../codecs/ops";
import type { FunctionTimeouts } from "../config/timeouts";

/**
 * What a transition asks the runtime to do, as data (like Temporal's commands and XState's
 * `transition()` actions). Store-side effects are applied in the same atomic write as the run;
 * the others (`Execute`, `SendEvents`, `AbortStep`) are performed after that write commits.
 */
export type RunEffect =
  | { readonly _tag: "Enqueue"; readonly at: number }
  /** The run's single timer, set by the reducer from the run itself (`runTimer`). */
  | { readonly _tag: "SetTimer"; readonly at: number }
  | { readonly _tag: "ClearTimer" }
  | { readonly _tag: "AddListener"; readonly listener: Listener }
  | { readonly _tag: "RemoveListeners"; readonly ids: readonly string[] }
  | { readonly _tag: "Emit"; readonly event: EventInput }
  /** The committing process executes the run next: its lease lasts until `until` (in the write). */
  | { readonly _tag: "HoldLease"; readonly until: number }
  /**
   * Nobody executes the run any more: its lease goes. In the write when the input changed the
   * run; performed on its own (the store's `releaseLease`) when it did not, which only a claim
   * that found nothing to execute asks for.
   */
  | { readonly _tag: "ReleaseLease" }
  /**
   * Run the handler; it may execute the step `allowStep` (whose start just committed), no other.
   * It reports with `epoch`, the run's lease epoch now (see `Run.leaseEpoch`).
   */
  | { readonly _tag: "Execute"; readonly allowStep: string | null; readonly epoch: number }
  /** Perform a committed `step.sendEvent`, then report its `StepRun` (with `epoch`). */
  | {
      readonly _tag: "SendEvents";
      readonly id: string;
      readonly hash: string;
      readonly events: readonly EventInput[];
      readonly epoch: number;
    }
  /** Abort the in-flight step's `signal`: cancellation committed while it runs. */
  | { readonly _tag: "AbortStep" }
  /**
   * The run lets go of its singleton slot (it is `cancelling` or ended): the store deletes the
   * slot in the same write, if the slot still names this run (SPEC §7.8).
   */
  | { readonly _tag: "ReleaseSingleton"; readonly slot: string };

/** Inputs of the per-run reducer. Time arrives as `at` (epoch ms); nothing is read from a clock. */
export type RunInput =
  /**
   * This process took the run's execution lease: off the queue, or (`expired`) from a holder
   * that stopped renewing it (presumed dead). The reducer decides what follows: the run starts,
   * the old holder's execution is written off (a new lease epoch), or there is nothing to do
   * and the lease goes.
   */
  | { readonly _tag: "LeaseGranted"; readonly at: number; readonly expired: boolean }
  /**
   * An execution's op. `seq`: the ingestion position when the op is committed (a wait matches
   * only later events). `epoch`: the lease epoch its `Execute` carried; a report from an older
   * epoch than the run's is stale and ignored (SPEC §7.10).
   */
  | {
      readonly _tag: "OpReported";
      readonly at: number;
      readonly op: Op;
      readonly seq: number;
      readonly epoch: number;
    }
  | { readonly _tag: "TimerFired"; readonly at: number }
  | {
      readonly _tag: "WaitMatched";
      readonly at: number;
      readonly stepHash: string;
      readonly event: EventPayload;
    }
  | { readonly _tag: "Cancel"; readonly at: number; readonly cancellation: Cancellation }
  /** Its function is paused: stop at this step boundary (SPEC §4.6). */
  | { readonly _tag: "Pause"; readonly at: number }
  /** Its function was resumed: queue the next execution. */
  | { readonly _tag: "Resume"; readonly at: number }
  /** Move a sleeping run's wake-up to `until` (epoch ms; a past time wakes it at once). */
  | { readonly _tag: "Reschedule"; readonly at: number; readonly until: number }
  /**
   * The run's `step.invoke` (step `stepHash`) could not start its child: the function is not
   * registered, or paused. The step fails with `error`, as if the child had failed.
   */
  | {
      readonly _tag: "InvokeFailed";
      readonly at: number;
      readonly stepHash: string;
      readonly error: SerializedError;
    };

/** Why an input changed nothing. `Rejected` is an answer the caller reports (e.g. HTTP 409). */
export type RunOutcome =
  | { readonly _tag: "Applied" }
  /** `stale`: a report from an execution whose lease was lost (recorded by the runtime, SPEC §7.10). */
  | { readonly _tag: "Ignored"; readonly reason: string; readonly stale?: true }
  | { readonly _tag: "Rejected"; readonly reason: string };

/** What the reducer needs to know about the run's function, and the lease duration. */
export interface RunContext {
  readonly retries: number;
  /** Ids of the run's cancelOn listeners, removed when the run ends. */
  readonly cancelListenerIds: readonly string[];
  /** How long a lease the committing process takes lasts (`HoldLease`), in ms. */
  readonly leaseMs: number;
  /** The function's `timeouts` (the finish deadline is set at the run's first start). */
  readonly timeouts: FunctionTimeouts;
}
