import type { Run, RunConfig } from "@quell/core";

/**
 * The run as the memory store keeps it: a copy built by one object literal that names every
 * field, so V8 gives every stored run one shape with all its fields inside the object (in the
 * codec's order, which `newRun` follows: a run reads back with its keys as written). The
 * engine derives runs with spreads (`{ ...run, ...patch }`), which leave most fields in a
 * separate, over-allocated property array: ~250 B a run at rest where this copy takes ~130 B
 * (`pnpm bench --only=heap`, docs/benchmarks.md). `fnConfig` is the one the caller shares.
 */
export const restingRun = (run: Run, fnConfig: RunConfig | undefined): Run => {
  const rested: Run = {
    id: run.id,
    functionId: run.functionId,
    appId: run.appId,
    version: run.version,
    state: run.state,
    event: run.event,
    events: run.events,
    triggerEventId: run.triggerEventId,
    createdSeq: run.createdSeq,
    createdPos: run.createdPos,
    createdAt: run.createdAt,
    startedAt: run.startedAt,
    endedAt: run.endedAt,
    attempt: run.attempt,
    leaseEpoch: run.leaseEpoch,
    steps: run.steps,
    inFlight: run.inFlight,
    wake: run.wake,
    deadline: run.deadline,
    waiting: run.waiting,
    cancellation: run.cancellation,
    output: run.output,
    error: run.error,
    originalRunId: run.originalRunId,
    timeline: run.timeline,
    singleton: run.singleton,
    parent: run.parent,
    fnConfig,
  } satisfies Record<keyof Omit<Run, "parallel">, unknown>;
  // Rare (several steps in flight at once): the one field outside the shared shape.
  if (run.parallel !== undefined) rested.parallel = run.parallel;
  return rested;
};
