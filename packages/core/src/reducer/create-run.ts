import { listenerIndex } from "../cel/index-key";
import type { EventPayload, StoredEvent } from "../codecs/event";
import type { Listener } from "../codecs/listener";
import type { Run } from "../codecs/run";
import { DEFAULT_LEASE_MS } from "../config/lease-duration";
import { NO_TIMEOUTS } from "../config/timeouts";
import { invokeParentOf } from "../invoke/invoke-event";
import { cascadeListener } from "../invoke/invoke-listeners";
import type { AppFunction } from "../sdk/types";
import { runTimer, startDeadline } from "./deadline";
import type { RunContext } from "./effects";
import { cancelListenerId } from "./listener-ids";

export interface NewRunInput {
  readonly id: string;
  readonly fn: AppFunction;
  readonly trigger: StoredEvent;
  /** Events the run carries (the trigger by default; a replay copies the original's). */
  readonly events?: readonly EventPayload[];
  readonly at: number;
  /** Only events ingested after this position may cancel the run (SPEC R3). */
  readonly afterSeq: number;
  readonly originalRunId?: string | null;
  /** Its function is paused: the run is created `skipped` and never runs (SPEC §4.6). */
  readonly skipped?: boolean;
  /** Why it is skipped, for its timeline; default "function paused". */
  readonly skipDetail?: string;
  /** The singleton slot the run claims in the write that creates it (SPEC §7.8); none if skipped. */
  readonly singletonSlot?: string | null;
}

export interface NewRun {
  readonly run: Run;
  /**
   * One listener per cancelOn entry and, for a run `step.invoke` started (not detached), the
   * cascade from its parent: written with the run in one atomic write (SPEC R1).
   */
  readonly listeners: readonly Listener[];
  /** The run's timer, in the same write: its start deadline (`timeouts.start`), if any. */
  readonly timer: number | undefined;
}

/** Every new run starts with no steps: one shared, frozen empty record (transitions copy it). */
const NO_STEPS: Run["steps"] = Object.freeze({});

/** `by <event name>`, shared by the runs an event name creates (bounded, like the step hashes). */
const CREATED_BY_LIMIT = 1_000;
const createdBy = new Map<string, string>();
const createdByDetail = (name: string): string => {
  const hit = createdBy.get(name);
  if (hit !== undefined) return hit;
  const detail = `by ${name}`;
  if (createdBy.size >= CREATED_BY_LIMIT) createdBy.delete(createdBy.keys().next().value as string);
  createdBy.set(name, detail);
  return detail;
};

/**
 * A queued run and its cancelOn listeners (or a skipped run, with none). A run started by an
 * `inngest/function.invoked` event records its parent; a replay has none (the parent already
 * had its answer).
 */
export const newRun = (input: NewRunInput): NewRun => {
  const { fn, trigger, at } = input;
  const skipped = input.skipped === true;
  const parent = input.originalRunId ? null : invokeParentOf(trigger.payload);
  const run: Run = {
    id: input.id,
    functionId: fn.slug,
    appId: fn.appId,
    version: 1,
    state: skipped ? "skipped" : "queued",
    event: trigger.payload,
    events: input.events ? [...input.events] : [trigger.payload],
    triggerEventId: trigger.internalId,
    createdSeq: input.afterSeq,
    // The store assigns the real position in the write that creates the run.
    createdPos: 0,
    createdAt: at,
    startedAt: null,
    endedAt: skipped ? at : null,
    attempt: 0,
    leaseEpoch: 0,
    steps: NO_STEPS,
    inFlight: null,
    wake: null,
    deadline: skipped ? null : startDeadline(fn.timeouts, at),
    waiting: null,
    cancellation: null,
    output: undefined,
    error: null,
    originalRunId: input.originalRunId ?? null,
    timeline: [
      {
        at,
        type: "created",
        detail: input.originalRunId
          ? `replay of ${input.originalRunId}`
          : parent !== null
            ? `invoked by ${parent.runId}${parent.cascade === "detach" ? " (detached)" : ""}`
            : createdByDetail(trigger.payload.name),
      },
      ...(skipped
        ? [{ at, type: "skipped" as const, detail: input.skipDetail ?? "function paused" }]
        : []),
    ],
    singleton: skipped || input.singletonSlot == null ? null : { slot: input.singletonSlot },
    parent,
    fnConfig: { retries: fn.retries, cancelOn: fn.cancelOn.length },
  };
  const timer = runTimer(run) ?? undefined;
  if (skipped) return { run, listeners: [], timer };
  const listeners = fn.cancelOn.map(
    (rule): Listener => ({
      id: cancelListenerId(run.id, rule.index),
      runId: run.id,
      functionId: fn.slug,
      kind: "cancel",
      event: rule.event,
      expression: rule.expression?.source ?? null,
      index: rule.expression === null ? null : listenerIndex(rule.expression, run.event),
      afterSeq: input.afterSeq,
      expiresAt:
        rule.timeout === null
          ? null
          : rule.timeout.kind === "relative"
            ? at + rule.timeout.ms
            : rule.timeout.at,
      stepHash: null,
    }),
  );
  if (parent?.cascade === "cancel") listeners.push(cascadeListener(run, input.afterSeq));
  return { run, listeners, timer };
};

/**
 * What the reducer needs to know of a run's function, with the runtime's lease duration: what
 * the run kept of its function at creation (`fnConfig`), so a re-synced app changes only its new
 * runs. A run stored before runs kept it takes its function's current configuration; null when
 * it has neither.
 */
export const runContext = (
  fn: AppFunction | undefined,
  run: Pick<Run, "id" | "fnConfig">,
  leaseMs: number = DEFAULT_LEASE_MS,
): RunContext | null => {
  const config =
    run.fnConfig ??
    (fn === undefined ? undefined : { retries: fn.retries, cancelOn: fn.cancelOn.length });
  if (config === undefined) return null;
  const cancelListenerIds: string[] = [];
  for (let index = 0; index < config.cancelOn; index++) {
    cancelListenerIds.push(cancelListenerId(run.id, index));
  }
  return {
    retries: config.retries,
    cancelListenerIds,
    leaseMs,
    timeouts: fn?.timeouts ?? NO_TIMEOUTS,
  };
};
