import { describe, expect, it } from "vitest";
import {
  builtInScenarios,
  type ExplorationReport,
  explore,
  faults,
  type Scenario,
  type Violation,
} from "../../src/index";

// The timeout and reschedule scenarios (src/model-check/scenarios/timeouts.ts) pass on the
// reference model, and each catches its injected bug with a shortest counterexample.

const scenario = (name: string): Scenario => {
  const found = builtInScenarios().find((s) => s.name === name);
  if (found === undefined) throw new Error(`no built-in scenario "${name}"`);
  return found;
};

const violationOf = (report: ExplorationReport, invariant: string): Violation => {
  const found = report.violations.find((v) => v.invariant === invariant);
  if (found === undefined) {
    const got = report.violations.map((v) => v.invariant).join(", ") || "none";
    throw new Error(`expected a ${invariant} violation, got ${got}`);
  }
  return found;
};

describe("timeouts and reschedule: the explorer finds injected bugs", () => {
  it("a timeout that cancels without waiting for the step in flight", async () => {
    const s = scenario("timeouts: finish timeout vs a step in flight");
    const clean = await explore(s);
    expect(clean.violations).toEqual([]);
    // The deadline comes before, during or after each step: a step in flight settles after
    // the cancel, and nothing starts after it; or the run completes first.
    expect(clean.outcomes["report:report"]).toEqual([
      "Cancelled (timeout): build",
      "Cancelled (timeout): build (after cancel)",
      "Cancelled (timeout): build, publish",
      "Cancelled (timeout): build, publish (after cancel)",
      "Cancelled (timeout): no steps",
      "Completed: build, publish",
    ]);

    const v = violationOf(
      await explore(s, { inject: [faults.timeoutSkipsInFlightStep] }),
      "function-cancelled-once",
    );
    expect(v.message).toBe(
      "report:report: function.cancelled emitted while a step is still in flight",
    );
    expect(v.depth).toBe(6);
    expect(v.timeline[3]).toContain('StepPlanned "build"');
    expect(v.timeline.at(-1)).toContain("timer fires for report:report");
    expect(v.timeline.at(-1)).toContain("running → cancelled, cancellation committed (timeout)");
  });

  it("the end of a sleep that clears the run's finish deadline", async () => {
    const s = scenario("timeouts: a sleep's end keeps the finish deadline");
    expect((await explore(s)).violations).toEqual([]);

    const v = violationOf(
      await explore(s, { inject: [faults.wakeClearsDeadline] }),
      "timeout-rules",
    );
    expect(v.message).toBe(
      "two-naps:naps (queued): its timer is none, but its wake-up and deadline make it 2024-01-01T01:30:00.000Z",
    );
    expect(v.depth).toBe(6);
    expect(v.timeline.at(-1)).toContain("sleeping → queued");
  });

  it("a reschedule that keeps the old timer", async () => {
    const s = scenario("reschedule racing the timer");
    const clean = await explore(s);
    expect(clean.violations).toEqual([]);
    // Both orders happen: woken first (the reschedule answers 409), or moved first.
    expect(clean.finalStates).toBe(2);

    const v = violationOf(
      await explore(s, { inject: [faults.rescheduleKeepsOldTimer] }),
      "reschedule-rules",
    );
    expect(v.message).toBe(
      "nap:nap (sleeping): its timer is 2024-01-01T01:00:00.000Z, but its wake-up and deadline make it 2024-01-01T02:00:00.000Z",
    );
    expect(v.depth).toBe(7);
    expect(v.timeline.at(-1)).toContain("rescheduleRun(nap:nap, T+2h) → moved");
  });
});
