import type { EventPayload, IngestRequest, Listener, Run, RunWrite } from "@quell/core";

let counter = 0;

/** A fresh id with a prefix; zero-padded so ids sort in creation order. */
export const nextId = (prefix: string): string => {
  counter += 1;
  return `${prefix}-${String(counter).padStart(8, "0")}`;
};

/** An event payload as ingestion leaves it (`id`, `ts`, `user` filled in). */
export const makePayload = (overrides: Partial<EventPayload> = {}): EventPayload => ({
  name: "test/event",
  data: {},
  id: nextId("evt"),
  ts: 0,
  user: {},
  ...overrides,
});

export interface IngestOverrides extends Partial<IngestRequest> {
  /** Shorthand for the payload's `name`. */
  readonly name?: string;
  /** Shorthand for the payload's `data`. */
  readonly data?: EventPayload["data"];
}

/**
 * One ingestion request; no dedupe key and `receivedAt: 0` unless given.
 *
 * @example
 * await store.ingest([makeIngest({ name: "order/paid", dedupeKey: "o-1", receivedAt: 1_000 })]);
 */
export const makeIngest = (overrides: IngestOverrides = {}): IngestRequest => {
  const { name, data, ...request } = overrides;
  const internalId = request.internalId ?? nextId("ev");
  const payload = makePayload({
    id: internalId,
    ...(name === undefined ? {} : { name }),
    ...(data === undefined ? {} : { data }),
  });
  return { internalId, payload, dedupeKey: null, receivedAt: 0, ...request };
};

/**
 * A queued run at version 1, created at time 0, with a fresh id and trigger event. Its
 * `createdPos` is 1, the one a fresh store gives the first run it creates (the store assigns
 * it, whatever the write says): see `inCreationOrder` for more runs.
 */
export const makeRun = (overrides: Partial<Run> = {}): Run => {
  const event = makePayload({ name: "test/trigger" });
  return {
    id: nextId("run"),
    functionId: "test-app-fn",
    appId: "test-app",
    version: 1,
    state: "queued",
    event,
    events: [event],
    triggerEventId: nextId("ev"),
    createdSeq: 0,
    createdPos: 1,
    createdAt: 0,
    startedAt: null,
    endedAt: null,
    attempt: 0,
    leaseEpoch: 0,
    steps: {},
    inFlight: null,
    wake: null,
    deadline: null,
    waiting: null,
    cancellation: null,
    output: undefined,
    error: null,
    originalRunId: null,
    timeline: [],
    singleton: null,
    parent: null,
    fnConfig: { retries: 4, cancelOn: 0 },
    ...overrides,
  };
};

/** Runs as a fresh store stores them once it created them in this order: `createdPos` 1, 2, … */
export const inCreationOrder = (runs: readonly Run[]): Run[] =>
  runs.map((run, i) => ({ ...run, createdPos: i + 1 }));

/** The run's next value: the given changes and `version + 1`, as the engine writes it. */
export const nextVersion = (run: Run, changes: Partial<Run> = {}): Run => ({
  ...run,
  ...changes,
  version: run.version + 1,
});

/** An unindexed cancel listener for `test/cancel`; pass `index` for an indexed one. */
export const makeListener = (overrides: Partial<Listener> = {}): Listener => ({
  id: nextId("lis"),
  runId: "run-unknown",
  functionId: "test-app-fn",
  kind: "cancel",
  event: "test/cancel",
  expression: null,
  index: null,
  afterSeq: 0,
  expiresAt: null,
  stepHash: null,
  ...overrides,
});

/** A write for `run` with no side writes unless given. */
export const makeWrite = (run: Run, overrides: Partial<RunWrite> = {}): RunWrite => ({
  run,
  addListeners: [],
  removeListeners: [],
  timer: undefined,
  enqueueAt: undefined,
  emit: [],
  ...overrides,
});

/** A commit of `run` expected to replace the stored version `expectedVersion`. */
export const makeCommit = (
  run: Run,
  expectedVersion: number,
  overrides: Partial<RunWrite> = {},
): RunWrite & { readonly expectedVersion: number } => ({
  ...makeWrite(run, overrides),
  expectedVersion,
});
