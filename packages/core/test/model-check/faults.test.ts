import { describe, expect, it } from "vitest";
import {
  builtInScenarios,
  type ExplorationReport,
  explore,
  faults,
  formatViolation,
  type Scenario,
  type Violation,
} from "../../src/index";
import { reminderSeed } from "../../src/model-check/scenarios/seeds";

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

/** The index of the first timeline line containing `text` (-1 when absent). */
const lineOf = (v: Violation, text: string): number =>
  v.timeline.findIndex((line) => line.includes(text));

// Each bug is injected into a scenario the correct model passes; the explorer must find it and
// print the shortest path that shows it.
describe("the explorer finds injected bugs, with a shortest counterexample", () => {
  it("a step that starts after the cancellation committed (step start not compare-and-set)", async () => {
    const s = scenario("contacts-import: cancel before start");
    expect((await explore(s)).violations).toEqual([]);

    const v = violationOf(
      await explore(s, { inject: [faults.stepAfterCancel] }),
      "no-step-after-cancel",
    );
    expect(v.message).toBe(
      'import-all-contacts:run: step "import-page-1" started after its cancellation committed',
    );
    // The cancel commits while the first execution runs, then that execution plans the step.
    const cancelled = lineOf(v, "running → cancelled, cancellation committed (event)");
    const planned = lineOf(v, 'StepPlanned "import-page-1"');
    expect(cancelled).toBeGreaterThan(0);
    expect(planned).toBe(v.timeline.length - 1);
    expect(cancelled).toBeLessThan(planned);
    expect(v.depth).toBe(8);
    expect(formatViolation(v)).toContain("shortest counterexample (8 moves)");
  });

  it("cancelOn listeners registered after the run is created instead of in the same write", async () => {
    const s = scenario("reminder: cancel before start");
    expect((await explore(s)).violations).toEqual([]);

    const v = violationOf(
      await explore(s, { inject: [faults.listenersAfterCreate] }),
      "event-cancel-rules",
    );
    expect(v.message).toBe(
      "schedule-reminder:run: cancel satisfies a cancelOn rule, but did not cancel it",
    );
    // The cancel event is processed after the run was created and before it was claimed.
    expect(v.timeline.at(-1)).toMatch(/process cancel$/);
    expect(
      lineOf(v, "process run  ⇒  schedule-reminder:run created (queued)"),
    ).toBeGreaterThanOrEqual(0);
    expect(lineOf(v, "claim schedule-reminder:run")).toBe(-1);
    expect(v.depth).toBe(6);
  });

  it("function.cancelled emitted before the in-flight step settled", async () => {
    const s = scenario("reminder: cancel during an in-flight step");
    expect((await explore(s)).violations).toEqual([]);

    const v = violationOf(
      await explore(s, { inject: [faults.cancelledBeforeSettled] }),
      "function-cancelled-once",
    );
    expect(v.message).toBe(
      "schedule-reminder:run: function.cancelled emitted while the run is cancelling",
    );
    const last = v.timeline.at(-1) ?? "";
    expect(last).toContain("cancelRun(schedule-reminder:run)");
    expect(last).toContain("running → cancelling");
    expect(last).toContain("emit function.cancelled(schedule-reminder:run)");
    expect(lineOf(v, 'step "send-reminder-push" started')).toBe(v.timeline.length - 2);
  });

  it("a bulk cancellation whose sweep ignores its time window", async () => {
    const functions = reminderSeed.functions({});
    const s: Scenario = {
      name: "bulk window",
      functions,
      steps: [
        { send: reminderSeed.trigger("old"), label: "old" },
        { idle: true },
        { advance: "1h" },
        {
          bulkCancel: {
            functionId: "schedule-reminder",
            startedBefore: "2024-01-01T00:30:00.000Z",
          },
        },
        { send: reminderSeed.trigger("new"), label: "new" },
      ],
      expect: { old: ["Cancelled"], new: ["Completed"] },
    };
    expect((await explore(s)).violations).toEqual([]);

    const v = violationOf(
      await explore(s, { inject: [faults.bulkIgnoresWindow] }),
      "bulk-selection",
    );
    expect(v.message).toBe(
      "schedule-reminder:new: created after bulk was requested, but cancelled by it",
    );
    expect(v.timeline.at(-1)).toContain("sweep bulk");
  });

  it("a lease expiry that forgets the last committed step", async () => {
    const s = scenario("contacts-import: cancel during an in-flight step");
    expect((await explore(s)).violations).toEqual([]);

    const v = violationOf(await explore(s, { inject: [faults.leaseLosesStep] }), "steps-durable");
    expect(v.message).toBe(
      'import-all-contacts:run: committed step "import-page-1" was lost or changed',
    );
    expect(v.timeline.at(-1)).toContain("lease of import-all-contacts:run expires");
    expect(v.depth).toBe(6);
  });

  it("a late report of a worker presumed dead, applied (reports not fenced by the lease epoch)", async () => {
    const s = scenario("reminder: late report races a cancel and the retry");
    expect((await explore(s)).violations).toEqual([]);

    const report = await explore(s, { inject: [faults.staleReportAccepted] });
    // The worker that took over runs the step while the late report settles the run: cleanup
    // would race that step (§7.3).
    const early = violationOf(report, "function-cancelled-once");
    expect(early.message).toBe(
      "schedule-reminder:run: function.cancelled emitted while a step is still in flight",
    );
    const takeover = lineOf(early, "lease of schedule-reminder:run expires and is taken over");
    const cancel = lineOf(early, "cancelRun(schedule-reminder:run)");
    const last = early.timeline.at(-1) ?? "";
    expect(takeover).toBeGreaterThan(0);
    expect(cancel).toBeGreaterThan(takeover);
    expect(last).toContain('StepRun "send-reminder-push" (late: its lease was taken over)');
    expect(last).toContain("cancelling → cancelled");
    expect(early.depth).toBe(18);
    // A late plan is taken as the run's own: the step runs and commits, and the current
    // worker's plan of that memoised step fails the run (the reducer never starts a memoised
    // step again, §7.5), where the run should have completed.
    const again = violationOf(report, "expected-outcome");
    expect(again.message).toBe("schedule-reminder:other ended Failed (failed); expected Completed");
    const late = lineOf(again, 'StepPlanned "send-reminder-push" (late: its lease was taken over)');
    expect(late).toBeGreaterThan(lineOf(again, "lease of schedule-reminder:other expires"));
    expect(again.timeline.at(-4)).toContain("running → failed");
  });
});

// A real finding, fixed and kept as a regression test (see docs/model-checking.md).
// `startedBefore` defaults to "now" and is inclusive, and a run's `createdAt` is the time its
// event was processed: a run created after the request, in the same millisecond, was selected.
describe("bulk cancellation and runs created in the request's millisecond", () => {
  it("never affects a run created after the request (SPEC §4.5), even in the same millisecond", async () => {
    const s: Scenario = {
      name: "bulk at the instant a run is created",
      functions: reminderSeed.functions({}),
      steps: [
        { send: reminderSeed.trigger("k1"), label: "run" },
        { bulkCancel: { functionId: "schedule-reminder" } },
      ],
    };
    const report = await explore(s);
    expect(report.violations.map(formatViolation)).toEqual([]);
  });
});
