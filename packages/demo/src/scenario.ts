import type { RunView, Simulation } from "@quell/core";

/** A run the demo prints, with a short label a newcomer can tell apart ("r1", "import imp-1"). */
export interface ShownRun {
  readonly label: string;
  readonly runId: string;
}

/** What every scenario returns: its story, the simulation it ran in, and what to print. */
export interface ScenarioResult {
  readonly title: string;
  /** What happens and why, a few lines. */
  readonly story: readonly string[];
  readonly sim: Simulation;
  readonly shown: readonly ShownRun[];
  /** What the outside world observed (pushes sent, pages imported, order of things). */
  readonly observed: readonly string[];
}

/** The one run an event started; the scenarios' events each start exactly one. */
export const runOf = (sim: Simulation, eventId: string | undefined): RunView => {
  const [run] = eventId === undefined ? [] : sim.runsForEvent(eventId);
  if (run === undefined) throw new Error(`no run for event ${String(eventId)}`);
  return run;
};

/** The only run of a function. */
export const onlyRunOf = (sim: Simulation, functionId: string): RunView => {
  const runs = sim.runs({ functionId });
  const [run] = runs;
  if (run === undefined || runs.length !== 1) {
    throw new Error(`expected one run of ${functionId}, found ${runs.length}`);
  }
  return run;
};

/** `2024-01-08 09:00` (UTC): virtual times as people read them. */
export const shortTime = (ms: number): string =>
  new Date(ms).toISOString().slice(0, 16).replace("T", " ");

/** A promise with its resolver, to hold a step in flight while the scenario acts. */
export const deferred = <T = void>() => {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
};
