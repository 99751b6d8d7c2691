import {
  type Cancellation,
  type Json,
  type Run,
  RunState,
  type StepRecord,
  type TimelineEntry,
  TimelineEntryType,
} from "@quell/core";
import fc from "fast-check";

// Stored runs in every shape the views must show: any state, steps completed or failed (some
// settled after a cancellation), any cancellation source, every kind of timeline entry, and
// times from 1970 to the year 9999.

// Up to the last instant RFC 3339 can write (year 9999).
const ms = fc.integer({ min: 0, max: 253_402_300_799_999 });
const id = fc.stringMatching(/^[0-9A-Z]{4,26}$/);
// As payloads arrive: through JSON text (which has no -0: JSON.stringify(-0) is "0").
const json: fc.Arbitrary<Json> = fc
  .jsonValue()
  .map((value) => JSON.parse(JSON.stringify(value)) as Json);
const jsonObject = fc.dictionary(fc.string({ maxLength: 8 }), json, { maxKeys: 3 });

const payload = fc.record({
  name: fc.string({ minLength: 1, maxLength: 12 }),
  data: jsonObject,
  id,
  ts: ms,
  user: jsonObject,
});

const step: fc.Arbitrary<StepRecord> = fc.oneof(
  fc.record(
    {
      id: fc.string(),
      hash: fc.stringMatching(/^[0-9a-f]{40}$/),
      kind: fc.constantFrom("run", "sendEvent", "sleep", "waitForEvent", "invoke"),
      status: fc.constant("completed"),
      output: json,
      settledAfterCancel: fc.boolean(),
    },
    { requiredKeys: ["id", "hash", "kind", "status", "output"] },
  ),
  fc.record(
    {
      id: fc.string(),
      hash: fc.stringMatching(/^[0-9a-f]{40}$/),
      kind: fc.constant("run"),
      status: fc.constant("failed"),
      error: fc.record(
        { name: fc.string(), message: fc.string(), stack: fc.string() },
        { requiredKeys: ["name", "message"] },
      ),
      settledAfterCancel: fc.boolean(),
    },
    { requiredKeys: ["id", "hash", "kind", "status", "error"] },
  ),
);

const cancellation: fc.Arbitrary<Cancellation> = fc.record(
  {
    source: fc.constantFrom("event", "api", "bulk", "pause"),
    at: ms,
    event_id: id,
    cancellation_id: id,
    reason: fc.string(),
  },
  { requiredKeys: ["source", "at"] },
);

const entry: fc.Arbitrary<TimelineEntry> = fc.record(
  {
    at: ms,
    type: fc.constantFrom(...(Object.keys(TimelineEntryType.keys) as TimelineEntry["type"][])),
    step: fc.string(),
    detail: fc.string(),
  },
  { requiredKeys: ["at", "type"] },
);

/** Any run a store could hold. */
export const runArbitrary: fc.Arbitrary<Run> = fc
  .record({
    id,
    functionId: fc.string({ minLength: 1 }),
    appId: fc.string({ minLength: 1 }),
    state: fc.constantFrom(...(Object.keys(RunState.keys) as RunState[])),
    event: payload,
    createdAt: ms,
    startedAt: fc.option(ms),
    endedAt: fc.option(ms),
    steps: fc.array(step, { maxLength: 4 }),
    cancellation: fc.option(cancellation),
    output: fc.option(json, { nil: undefined }),
    originalRunId: fc.option(id),
    timeline: fc.array(entry, { maxLength: 6 }),
    parent: fc.option(
      fc.record({
        runId: id,
        stepHash: fc.stringMatching(/^[0-9a-f]{40}$/),
        cascade: fc.constantFrom("cancel" as const, "detach" as const),
      }),
    ),
  })
  .map(
    (r): Run => ({
      ...r,
      version: 1,
      events: [r.event],
      triggerEventId: r.event.id,
      createdSeq: 1,
      createdPos: 1,
      attempt: 0,
      leaseEpoch: 0,
      fnConfig: { retries: 4, cancelOn: 1 },
      steps: Object.fromEntries(r.steps.map((s, i) => [`${i}`, s])),
      inFlight: null,
      wake: null,
      deadline: null,
      waiting: null,
      error: null,
      singleton: null,
    }),
  );
