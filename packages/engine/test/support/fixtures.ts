import type { HandlerEvent, QuellFunction, RunView } from "@quell/core";
import { afterEach } from "vitest";
import { type Driver, type DriverOptions, deferred } from "./drivers";

/**
 * A gate to hold a step in flight: the step calls `enter()` (signalling `entered`) and then
 * awaits `opened`; the test awaits `entered`, acts, then calls `open()`.
 */
export const gate = <T = void>() => {
  const entered = deferred();
  const opened = deferred<T>();
  let count = 0;
  return {
    /** Resolves once the step has entered the gate. */
    entered: entered.promise,
    /** How many times a step entered. */
    get count(): number {
      return count;
    },
    /** Call from inside the step: signals entry and waits for `open`. */
    pass: (): Promise<T> => {
      count += 1;
      entered.resolve();
      return opened.promise;
    },
    open: (value: T) => opened.resolve(value),
  };
};

/** Let pending promise callbacks and I/O callbacks run (a few macrotask turns). */
export const flush = async (turns = 10): Promise<void> => {
  for (let i = 0; i < turns; i++) await new Promise<void>((resolve) => setImmediate(resolve));
};

/** The single run an event started (fails the test when there is not exactly one). */
export const single = (runs: readonly RunView[], what = "runs"): RunView => {
  if (runs.length !== 1) throw new Error(`expected exactly one of ${what}, got ${runs.length}`);
  return runs[0] as RunView;
};

/** The one run the event `eventId` started. */
export const runOf = async (
  d: { runsForEvent(eventId: string): Promise<RunView[]> },
  eventId: string | undefined,
): Promise<RunView> => {
  if (eventId === undefined) throw new Error("no event id");
  return single(await d.runsForEvent(eventId), `runs for event ${eventId}`);
};

/** Steps of a run by their user-facing id. */
export const stepById = (run: RunView, id: string) => run.steps.find((s) => s.id === id);

/** Collects events a function received, for observing system events. */
export const recorder = () => {
  const events: HandlerEvent[] = [];
  return { events, record: (event: HandlerEvent) => events.push(event) };
};

/** What an async call threw (fails when it did not throw). */
export const thrown = async (promise: Promise<unknown>): Promise<Error> => {
  try {
    await promise;
  } catch (error) {
    if (error instanceof Error) return error;
    throw new Error(`threw a non-Error: ${String(error)}`);
  }
  throw new Error("expected a rejection, but the call succeeded");
};

/** What a call threw synchronously. */
export const thrownSync = (call: () => unknown): Error => {
  try {
    call();
  } catch (error) {
    if (error instanceof Error) return error;
    throw new Error(`threw a non-Error: ${String(error)}`);
  }
  throw new Error("expected an exception, but the call succeeded");
};

/**
 * Creates drivers for one test file and stops them after each test. A driver whose step is
 * still blocked (a failed test left a gate closed) is abandoned rather than awaited forever.
 */
export const useDrivers = (
  create: (functions: readonly QuellFunction[], options?: DriverOptions) => Promise<Driver>,
) => {
  const open: Driver[] = [];
  afterEach(async () => {
    const stopping = Promise.all(open.splice(0).map((d) => d.stop()));
    await Promise.race([stopping, flush(50)]);
  });
  return async (functions: readonly QuellFunction[], options?: DriverOptions): Promise<Driver> => {
    const d = await create(functions, options);
    open.push(d);
    return d;
  };
};
