import { getAdjacencyMap, getShortestPaths, getSimplePaths, type StatePath } from "@xstate/graph";
import { describe, expect, it } from "vitest";
import { type AnyMachineSnapshot, transition } from "xstate";
import {
  isTerminal,
  nextState,
  type Op,
  type Run,
  type RunInput,
  type RunMachineEventType,
  type RunState,
  reduceRun,
  runMachine,
  runMachineEventTypes,
  runStates,
  transitionTable,
} from "../../src/index";
import { hash, inFlight, queuedRun, trigger } from "../support/runs";

// Coverage of the run machine by path generation (@xstate/graph): the paths come from the
// machine's graph, not from a list of cases, and each is replayed through the compiled table.

type Event = { type: RunMachineEventType };
const events: Event[] = runMachineEventTypes.map((type) => ({ type }));
const stateOf = (snapshot: AnyMachineSnapshot): RunState => snapshot.value as RunState;

// A run starts `queued`, or `skipped` when its function is paused (created directly in that state).
const initial = runMachine.resolveState({ value: "queued" });
const skipped = runMachine.resolveState({ value: "skipped" });
const shortest = [
  ...getShortestPaths(runMachine, { events }),
  ...getShortestPaths(runMachine, { events, fromState: skipped }),
];
const pathTo = new Map(shortest.map((path) => [stateOf(path.state), path]));

interface Edge {
  readonly from: RunState;
  readonly event: RunMachineEventType;
  readonly to: RunState;
}

/** Every edge of the machine: the events each state handles, from the graph's adjacency map. */
const edges: Edge[] = Object.values(getAdjacencyMap(runMachine, { events })).flatMap((node) =>
  (Object.values(node.transitions) as { event: Event; state: AnyMachineSnapshot }[])
    .filter(({ event }) => node.state.can(event))
    .map(({ event, state }) => ({
      from: stateOf(node.state),
      event: event.type,
      to: stateOf(state),
    })),
);

/** Replay a path through the compiled table, step by step; returns the states it went through. */
const replay = (path: StatePath<AnyMachineSnapshot, Event>, from: RunState): RunState[] => {
  const visited = [from];
  let at = from;
  for (const step of path.steps) {
    if ((step.event.type as string) === "xstate.init") continue;
    const next = nextState(at, step.event.type);
    expect(next, `${at} × ${step.event.type}`).toBe(stateOf(step.state));
    at = next as RunState;
    visited.push(at);
  }
  return visited;
};

describe("run machine coverage, by path generation", () => {
  it("reaches every state (from queued, and skipped as created)", () => {
    expect([...pathTo.keys()].sort()).toEqual([...runStates].sort());
    for (const path of shortest) replay(path, stateOf(path.steps[0]?.state ?? path.state));
  });

  it("takes every transition: the shortest path to each state, extended by each event it handles", () => {
    expect(edges.length).toBe(
      Object.values(transitionTable).reduce((n, row) => n + Object.keys(row).length, 0),
    );
    const taken = new Set<string>();
    for (const { from, event, to } of edges) {
      const path = pathTo.get(from);
      expect(path, `a path to ${from}`).toBeDefined();
      const start = stateOf(path?.steps[0]?.state ?? initial);
      const visited = replay(path as StatePath<AnyMachineSnapshot, Event>, start);
      expect(visited.at(-1)).toBe(from);
      const [next] = transition(runMachine, path?.state ?? initial, { type: event });
      expect(nextState(from, event)).toBe(stateOf(next));
      expect(stateOf(next)).toBe(to);
      taken.add(`${from}×${event}`);
    }
    const all = runStates.flatMap((s) => Object.keys(transitionTable[s]).map((e) => `${s}×${e}`));
    expect([...taken].sort()).toEqual(all.sort());
  });

  it("agrees with the table along every simple path of the graph", () => {
    const simple = getSimplePaths(runMachine, { events });
    expect(simple.length).toBeGreaterThan(runStates.length);
    for (const path of simple) replay(path, "queued");
  });

  it("keeps terminal states absorbing: every event at the end of every path to one changes nothing", () => {
    const terminal = shortest.filter((path) => isTerminal(stateOf(path.state)));
    expect(terminal.map((p) => stateOf(p.state)).sort()).toEqual([
      "cancelled",
      "completed",
      "failed",
      "skipped",
    ]);
    for (const path of terminal) {
      for (const event of events) {
        const [next] = transition(runMachine, path.state, event);
        expect(stateOf(next)).toBe(stateOf(path.state));
        expect(nextState(stateOf(path.state), event.type)).toBeUndefined();
      }
    }
  });
});

// The reducer is what drives the machine. For each edge the graph lists, build a run in the
// edge's source state and the reducer input that names it, and check the reducer takes it.
const base = queuedRun;
const runIn = (state: RunState, event: RunMachineEventType): Run => {
  const stepInFlight = [
    "STEP_RESULT",
    "STEP_SETTLED",
    "STEP_ERROR_RETRY",
    "STEP_ERROR_FINAL",
    "CANCEL_IN_FLIGHT",
  ].includes(event);
  const fields: Partial<Run> =
    {
      running: {
        startedAt: 0,
        inFlight: stepInFlight ? inFlight : null,
        // Another step in flight beside it: its result settles one of several.
        ...(event === "STEP_SETTLED" ? { parallel: [{ ...inFlight, id: "t", hash: "t" }] } : {}),
      },
      sleeping: {
        inFlight: { ...inFlight, kind: "sleep" as const },
        wake: { at: 10, reason: "sleep" as const },
      },
      waiting: {
        waiting: { id: "s", hash, event: "ok", if: null, kind: "event" as const },
        wake: { at: 10, reason: "wait-timeout" as const },
      },
      backoff: { attempt: 1, wake: { at: 10, reason: "backoff" as const } },
      cancelling: {
        inFlight,
        cancellation: { source: "api" as const, at: 0 },
        ...(event === "STEP_SETTLED" ? { parallel: [{ ...inFlight, id: "t", hash: "t" }] } : {}),
      },
    }[state as string] ?? {};
  return { ...base, ...fields, state };
};
const op = (o: Op, at = 5): RunInput => ({ _tag: "OpReported", at, op: o, seq: 1, epoch: 0 });
const error = { name: "Error", message: "boom" };
const inputFor: Record<RunMachineEventType, RunInput> = {
  START: { _tag: "LeaseGranted", at: 5, expired: false },
  STEP_PLANNED: op({ op: "StepPlanned", id: "s", hash, kind: "run", events: [] }),
  STEP_RESULT: op({ op: "StepRun", id: "s", hash, output: 1 }),
  STEP_SETTLED: op({ op: "StepRun", id: "s", hash, output: 1 }),
  STEP_ERROR_RETRY: op({ op: "StepError", id: "s", hash, error, retriable: true }),
  STEP_ERROR_FINAL: op({ op: "StepError", id: "s", hash, error, retriable: false }),
  SLEEP: op({ op: "Sleep", id: "s", hash, until: 10 }),
  WAIT: op({ op: "WaitForEvent", id: "s", hash, event: "ok", if: null, timeoutAt: 10 }),
  COMPLETE: op({ op: "RunComplete", output: null }),
  RUN_ERROR_RETRY: op({ op: "RunError", error, retriable: true }),
  RUN_ERROR_FINAL: op({ op: "RunError", error, retriable: false }),
  WAKE: { _tag: "TimerFired", at: 10 },
  EVENT_MATCHED: { _tag: "WaitMatched", at: 5, stepHash: hash, event: trigger.payload },
  CANCEL: { _tag: "Cancel", at: 5, cancellation: { source: "api", at: 5 } },
  CANCEL_IN_FLIGHT: { _tag: "Cancel", at: 5, cancellation: { source: "api", at: 5 } },
  LEASE_EXPIRED: { _tag: "LeaseGranted", at: 5, expired: true },
  PAUSE: { _tag: "Pause", at: 5 },
  RESUME: { _tag: "Resume", at: 5 },
  RESCHEDULE: { _tag: "Reschedule", at: 5, until: 20 },
};

describe("the reducer takes every transition of the machine", () => {
  it.each(edges.map((e) => [`${e.from} × ${e.event} → ${e.to}`, e] as const))(
    "%s",
    (_, { from, event, to }) => {
      const reduction = reduceRun(runIn(from, event), inputFor[event], {
        retries: 2,
        cancelListenerIds: [],
        leaseMs: 1_000,
        timeouts: { start: null, finish: null },
      });
      expect(reduction.outcome._tag).toBe("Applied");
      expect(reduction.run.state).toBe(to);
    },
  );
});
