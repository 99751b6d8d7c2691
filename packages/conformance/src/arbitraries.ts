import {
  type Cancellation,
  type EventPayload,
  type InFlightStep,
  type Json,
  type Listener,
  type Run,
  RunState,
  type StepRecord,
  type TimelineEntry,
  TimelineEntryType,
} from "@quell/core";
import fc from "fast-check";

// Runs and listeners in every shape a store could be given: each field at its default and off
// it, strings with any character, so that a store's compact forms (the Redis store's short
// names and left-out defaults, the memory store's packed runs) are all exercised. Adapted from
// core's test/views/run-arbitrary.ts, which fixes the fields its views do not show.

const ms = fc.integer({ min: 0, max: 253_402_300_799_999 });
const count = fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 1_000_000 }));
const id = fc.stringMatching(/^[0-9A-Z]{4,26}$/);
const hash = fc.stringMatching(/^[0-9a-f]{40}$/);
// As payloads arrive: through JSON text (which has no -0: JSON.stringify(-0) is "0").
const json: fc.Arbitrary<Json> = fc
  .jsonValue()
  .map((value) => JSON.parse(JSON.stringify(value)) as Json);
const jsonObject = fc.dictionary(fc.string({ maxLength: 8 }), json, { maxKeys: 3 });
const kind = fc.constantFrom("run", "sendEvent", "sleep", "waitForEvent", "invoke" as const);

/** Any event payload, as `normalizeEvent` makes them (every field; `v` at times). */
export const anyPayload: fc.Arbitrary<EventPayload> = fc.record(
  {
    name: fc.string({ minLength: 1, maxLength: 12 }),
    data: jsonObject,
    id,
    ts: ms,
    user: jsonObject,
    v: fc.string(),
  },
  { requiredKeys: ["name", "data", "id", "ts", "user"] },
);

const error = fc.record(
  { name: fc.string(), message: fc.string(), stack: fc.string() },
  { requiredKeys: ["name", "message"] },
);

const cancellation: fc.Arbitrary<Cancellation> = fc.record(
  {
    source: fc.constantFrom("event", "api", "bulk", "pause", "timeout", "singleton", "parent"),
    at: ms,
    event_id: id,
    cancellation_id: id,
    caused_by_run_id: id,
    reason: fc.string(),
  },
  { requiredKeys: ["source", "at"] },
);

const step: fc.Arbitrary<StepRecord> = fc.oneof(
  fc.record(
    {
      id: fc.string(),
      hash,
      kind,
      status: fc.constant("completed"),
      output: json,
      settledAfterCancel: fc.boolean(),
      childCancellation: cancellation,
    },
    { requiredKeys: ["id", "hash", "kind", "status", "output"] },
  ),
  fc.record(
    {
      id: fc.string(),
      hash,
      kind,
      status: fc.constant("failed"),
      error,
      settledAfterCancel: fc.boolean(),
    },
    { requiredKeys: ["id", "hash", "kind", "status", "error"] },
  ),
);

const inFlight: fc.Arbitrary<InFlightStep> = fc.record({
  id: fc.string(),
  hash,
  kind,
  startedAt: ms,
});

const entry: fc.Arbitrary<TimelineEntry> = fc.record(
  {
    at: ms,
    type: fc.constantFrom(...(Object.keys(TimelineEntryType.keys) as TimelineEntry["type"][])),
    step: fc.string(),
    detail: fc.string(),
  },
  { requiredKeys: ["at", "type"] },
);

/** Any run a store could be given (`createdPos` too, which the store replaces by its own). */
export const anyRun: fc.Arbitrary<Run> = fc
  .record({
    id,
    functionId: fc.string({ minLength: 1, maxLength: 12 }),
    appId: fc.string({ minLength: 1, maxLength: 12 }),
    version: fc.integer({ min: 1, max: 1_000_000 }),
    state: fc.constantFrom(...(Object.keys(RunState.keys) as RunState[])),
    event: anyPayload,
    // Only the trigger (as most runs: stored once), a copy of it, or a batch (also empty).
    events: fc.option(fc.array(anyPayload, { maxLength: 3 }), { nil: undefined }),
    copyTrigger: fc.boolean(),
    triggerEventId: id,
    createdSeq: count,
    createdPos: count,
    createdAt: ms,
    startedAt: fc.option(ms),
    endedAt: fc.option(ms),
    attempt: count,
    leaseEpoch: count,
    steps: fc.dictionary(fc.string({ maxLength: 6 }), step, { maxKeys: 3 }),
    inFlight: fc.option(inFlight),
    wake: fc.option(
      fc.record({ at: ms, reason: fc.constantFrom("sleep", "backoff", "wait-timeout" as const) }),
    ),
    deadline: fc.option(fc.record({ at: ms, kind: fc.constantFrom("start", "finish" as const) })),
    waiting: fc.option(
      fc.record({
        id: fc.string(),
        hash,
        event: fc.string({ minLength: 1 }),
        if: fc.option(fc.string()),
        kind: fc.constantFrom("event", "invoke" as const),
      }),
    ),
    cancellation: fc.option(cancellation),
    output: fc.option(json, { nil: undefined }),
    error: fc.option(error),
    originalRunId: fc.option(id),
    timeline: fc.array(entry, { maxLength: 4 }),
    singleton: fc.option(fc.record({ slot: fc.string({ minLength: 1 }) })),
    parent: fc.option(
      fc.record({
        runId: id,
        stepHash: hash,
        cascade: fc.constantFrom("cancel", "detach" as const),
      }),
    ),
    fnConfig: fc.option(fc.record({ retries: count, cancelOn: count }), { nil: undefined }),
    parallel: fc.option(fc.array(inFlight, { maxLength: 2 }), { nil: undefined }),
  })
  .map(({ events, copyTrigger, parallel, ...r }): Run => {
    const trigger = copyTrigger ? { ...r.event } : r.event;
    return {
      ...r,
      events: events ?? [trigger],
      ...(parallel === undefined ? {} : { parallel }),
    };
  });

/** Any listener a store could be given. */
export const anyListener: fc.Arbitrary<Listener> = fc.record({
  id: fc.string({ minLength: 1, maxLength: 30 }),
  runId: id,
  functionId: fc.string({ minLength: 1, maxLength: 12 }),
  kind: fc.constantFrom("cancel", "wait", "cascade" as const),
  event: fc.string({ minLength: 1, maxLength: 12 }),
  expression: fc.option(fc.string()),
  index: fc.option(fc.record({ signature: fc.string(), key: fc.string() })),
  afterSeq: count,
  expiresAt: fc.option(ms),
  stepHash: fc.option(hash),
});
