import type { EventInput } from "../codecs/event";
import type { RunStatus } from "../codecs/run";
import type { QuellFunction } from "../sdk/types";
import type { RunView } from "../views/run-view";
import type { Fault } from "./semantics";

/**
 * A run named the way a scenario names it: the `label` of the `send` action whose event
 * triggered it, optionally narrowed to one function (when one event triggers several).
 */
export type RunRef = string | { readonly event: string; readonly fn: string };

/** Something the outside world does. The explorer interleaves these with the engine's own moves. */
export type ScenarioAction =
  /** Ingest one event. `label` names it (and the runs it triggers) in reports; default: its name. */
  | { readonly send: EventInput; readonly label?: string }
  /** `cancelRun` through the API. Enabled once the run exists. */
  | { readonly cancel: RunRef; readonly reason?: string }
  /** `createCancellation`; `startedBefore` defaults to the time of the request. */
  | {
      readonly bulkCancel: {
        readonly functionId: string;
        readonly startedAfter?: string | number;
        readonly startedBefore?: string | number;
        readonly if?: string;
      };
    }
  | { readonly pause: string; readonly cancelRunning?: boolean }
  | { readonly resume: string }
  /** Move the virtual clock forward; timers that become due may then fire in any order. */
  | { readonly advance: string | number }
  /** Wait until the engine has nothing left to do now (like `engine.idle()`). */
  | { readonly idle: true }
  /** `rescheduleRun`: move a sleeping run's wake-up to `until` (a time). Enabled once the run exists. */
  | { readonly reschedule: RunRef; readonly until: string | number };

/** One entry of a script: an action, or actions that happen in any order among themselves. */
export type ScenarioStep = ScenarioAction | { readonly anyOrder: readonly ScenarioAction[] };

/** A property of every reached state, written by the user (for example "never published twice"). */
export interface CustomInvariant {
  readonly name: string;
  /** A message when the state breaks it, otherwise null. */
  check(state: ExplorerView): string | null;
}

/** What a custom invariant sees: every run by its label, and every event ingested so far. */
export interface ExplorerView {
  readonly now: number;
  readonly runs: ReadonlyMap<string, RunView>;
  readonly events: readonly {
    readonly label: string;
    readonly name: string;
    readonly seq: number;
  }[];
  /** Whether nothing is left to happen (a final state). */
  readonly final: boolean;
}

export interface Scenario {
  readonly name: string;
  readonly description?: string;
  readonly functions: readonly QuellFunction[];
  /** Virtual start time; default 2024-01-01T00:00:00Z. */
  readonly start?: Date | string | number;
  /** The outside world's script; the engine's moves interleave with it in every possible way. */
  readonly steps: readonly ScenarioStep[];
  /** Once the script is done and nothing is due, let the clock jump to the next timer; default true. */
  readonly drain?: boolean;
  /**
   * How many times along one path a worker may stop renewing the lease of a run it executes,
   * so that another one takes the run over; default 0.
   */
  readonly leaseExpiries?: number;
  /**
   * Whether such a worker may still report, late (it stalled and was presumed dead): its
   * execution stays and reports at any later point, and the report must change nothing (SPEC
   * §7.10). Default false: it died and never reports, which explores fewer states.
   */
  readonly lateReports?: boolean;
  /** Runs a bulk cancellation sweeps per batch; default 100. */
  readonly bulkBatchSize?: number;
  /** Statuses a run (by its label, or the label of its triggering send) may end in. */
  readonly expect?: Readonly<Record<string, readonly RunStatus[]>>;
  readonly invariants?: readonly CustomInvariant[];
}

export interface ExploreOptions {
  /** Stop expanding paths longer than this many moves; default 400. */
  readonly maxDepth?: number;
  /** Stop after this many distinct states; default 500 000. */
  readonly maxStates?: number;
  /**
   * Take moves nobody can observe (processing an event nothing listens for, claiming or
   * answering for a run that has ended) alone, as soon as they are possible, instead of in
   * every interleaving; default true. Turn off to check that the reduction hides nothing.
   */
  readonly reduce?: boolean;
  /** Test only: faulty variants of world behaviours, to prove the checker finds their bugs. */
  readonly inject?: readonly Fault[];
}

/** SPEC §7's invariants, plus the explorer's own checks. */
export type InvariantName =
  | "single-terminal-state" // §7.1
  | "no-step-after-cancel" // §7.2
  | "function-cancelled-once" // §7.3
  | "event-cancel-rules" // §7.4
  | "steps-durable" // §7.5
  | "bulk-selection" // §7.6
  | "api-answers" // R9, R10
  | "singleton" // §7.8
  | "cascade" // §7.9: a cancelled parent leaves no live child (unless detached)
  | "progress" // every run that has not ended has a way forward
  | "expected-outcome" // the scenario's `expect`
  | "scenario-blocked" // the script cannot go on (e.g. it cancels a run that never exists)
  | "timeout-rules" // §4.1 timeouts: cancelled only once a deadline passed, nothing starts after it
  | "reschedule-rules" // §7.10: the timer follows a reschedule, one wake-up per sleep, 409 otherwise
  | `custom:${string}`;

export interface Violation {
  readonly invariant: InvariantName;
  readonly message: string;
  /** Moves from the initial state; BFS makes this the shortest path to any such violation. */
  readonly depth: number;
  /** The path as readable lines, the violating move last. */
  readonly timeline: readonly string[];
  /** The run timelines at the violating state, by run label. */
  readonly runs: Readonly<Record<string, string>>;
}

export interface ExplorationReport {
  readonly scenario: string;
  /** Distinct states reached (after merging identical ones). */
  readonly states: number;
  /** Moves taken, including those that led to an already-known state. */
  readonly transitions: number;
  /** States where nothing is left to happen. */
  readonly finalStates: number;
  readonly maxDepth: number;
  /** False when `maxDepth` or `maxStates` cut the exploration short. */
  readonly complete: boolean;
  /** Handler executions actually run (the rest came from the cache). */
  readonly handlerExecutions: number;
  /**
   * Distinct outcomes of each run over every final state, by run label. Paths that broke an
   * invariant stop there, so their outcomes are not counted: read them in `violations`.
   */
  readonly outcomes: Readonly<Record<string, readonly string[]>>;
  /** One counterexample per broken invariant: the shortest found. */
  readonly violations: readonly Violation[];
}
