// SPEC §7.7: the same input sequence gives the same observable outcome on the engine (memory
// store, virtual clock) and in the pure simulation. Model-based (fc.commands): the simulation is
// the model, the engine the system; after every command both have settled and must agree on
// every run's status, steps, cancellation source, and on the system events they emitted (seen
// through functions triggered by them). Functions are random shapes. fast-check prints the seed
// and the shrunk command list of any failure, so it replays.
import {
  functionFromShape,
  type QuellFunction,
  type RunRef,
  type RunView,
  type ScenarioAction,
} from "@quell/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type Driver, drivers } from "../support/drivers";
import { actionArb, shapesArb } from "./arbitraries";

interface Pair {
  readonly sim: Driver;
  readonly engine: Driver;
}

const observers = (): QuellFunction[] =>
  ["inngest/function.cancelled", "inngest/function.finished", "inngest/function.failed"].map(
    (event) =>
      functionFromShape("watch", {
        id: event.slice("inngest/".length).replace(".", "-"),
        trigger: event,
        steps: [],
      }),
  );

/** A run as both sides must report it, with ids replaced by what the ids point at. */
const describeRuns = (runs: readonly RunView[]): string[] => {
  const ordinal = new Map<string, string>();
  const seen = new Map<string, number>();
  const base = (run: RunView): string => {
    const known = ordinal.get(run.id);
    if (known !== undefined) return known;
    const data = run.event.data as { key?: unknown; run_id?: unknown };
    const observed =
      typeof data.run_id === "string" ? runs.find((r) => r.id === data.run_id) : undefined;
    const what =
      observed === undefined
        ? `${run.event.name}(${String(data.key)})`
        : `${run.event.name}[${base(observed)}]`;
    const key = `${run.function_id}<-${what}`;
    const n = (seen.get(key) ?? 0) + 1;
    seen.set(key, n);
    ordinal.set(run.id, `${key}#${n}`);
    return `${key}#${n}`;
  };
  for (const run of runs) base(run);
  return runs
    .map((run) => {
      const steps = run.steps
        .map((s) => `${s.id}:${s.status}${s.settled_after_cancel ? "*" : ""}`)
        .join(",");
      const cancellation =
        run.cancellation === null
          ? ""
          : ` by ${run.cancellation.source}${run.cancellation.reason ? ` (${run.cancellation.reason})` : ""}`;
      const ended = run.ended_at === null ? "" : " ended";
      return `${base(run)} ${run.status}/${run.state}${cancellation}${ended} [${steps}]`;
    })
    .sort();
};

/** The latest run for a key, as the actions name runs ("start-1" → key 1). */
const runFor = (runs: readonly RunView[], ref: RunRef): RunView | undefined => {
  const key = String(ref).replace("start-", "");
  return runs
    .filter(
      (r) => r.function_id.startsWith("gen-") && (r.event.data as { key?: string }).key === key,
    )
    .at(-1);
};

type Command = fc.AsyncCommand<object, Pair>;

/** Apply one scripted action to both sides, let both settle, and compare what they report. */
const command = (label: string, act: (d: Driver) => Promise<unknown>): Command => ({
  check: () => true,
  run: async (_, { sim, engine }) => {
    const answers = await Promise.all(
      [sim, engine].map((d) =>
        act(d).then(
          () => "ok",
          (e: Error) => e.constructor.name,
        ),
      ),
    );
    await Promise.all([sim.settle(), engine.settle()]);
    expect(answers[1], `${label}: answers`).toBe(answers[0]);
    expect(describeRuns(await engine.runs()), `after ${label}`).toEqual(
      describeRuns(await sim.runs()),
    );
  },
  toString: () => label,
});

const toCommand = (action: ScenarioAction): Command => {
  if ("send" in action)
    return command(`send ${JSON.stringify(action.send)}`, (d) => d.send(action.send));
  if ("advance" in action)
    return command(`advance ${action.advance}`, (d) => d.advance(action.advance));
  if ("cancel" in action) {
    return command(`cancelRun(${String(action.cancel)})`, async (d) => {
      const run = runFor(await d.runs(), action.cancel);
      if (run !== undefined) await d.cancelRun(run.id, { reason: "property" });
    });
  }
  if ("reschedule" in action) {
    return command(`rescheduleRun(${String(action.reschedule)}, ${action.until})`, async (d) => {
      const run = runFor(await d.runs(), action.reschedule);
      if (run !== undefined) await d.rescheduleRun(run.id, { until: action.until });
    });
  }
  if ("bulkCancel" in action) {
    // The request's own millisecond: the runs created in it before the request are selected,
    // the ones created after it never are, on both sides.
    return command(`createCancellation(${JSON.stringify(action.bulkCancel)})`, (d) =>
      d.createCancellation({ appId: "gen", startedBefore: d.now(), ...action.bulkCancel }),
    );
  }
  if ("pause" in action) {
    const cancelRunning = action.cancelRunning === true;
    return command(`pauseFunction(${cancelRunning ? "cancelRunning" : ""})`, (d) =>
      d.pauseFunction("gen-job", { cancelRunning }),
    );
  }
  return command("resumeFunction", (d) => d.resumeFunction("gen-job"));
};

const [simulation, ...engines] = drivers;

describe.each(engines)("$name vs the simulation (SPEC §7.7)", (engine) => {
  it("report the same runs, steps, cancellations and system events after every command", async () => {
    await fc.assert(
      fc.asyncProperty(
        shapesArb,
        fc.commands([actionArb.map(toCommand)], { maxCommands: 15 }),
        async (shapes, commands) => {
          const functions = [
            ...shapes.map((shape) => functionFromShape("gen", shape)),
            ...observers(),
          ];
          const pair = {
            sim: await simulation.create(functions),
            engine: await engine.create(functions),
          };
          try {
            await fc.asyncModelRun(() => ({ model: {}, real: pair }), commands);
          } finally {
            await Promise.all([pair.sim.stop(), pair.engine.stop()]);
          }
        },
      ),
      { numRuns: Number(process.env.QUELL_PROPERTY_RUNS ?? 200) },
    );
  }, 180_000);
});
