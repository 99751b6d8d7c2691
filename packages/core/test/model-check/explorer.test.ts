import { describe, expect, it } from "vitest";
import { explore, formatReport, functionFromShape, Quell, type Scenario } from "../../src/index";
import { reminderSeed } from "../../src/model-check/scenarios/seeds";

const job = functionFromShape("app", {
  id: "job",
  trigger: "job/start",
  cancelOn: [{ event: "job/stop", match: "data.key" }],
  steps: [
    { kind: "run", id: "a" },
    { kind: "sleep", id: "nap", duration: "1h" },
    { kind: "run", id: "b" },
  ],
});

describe("explore", () => {
  it("reports every distinct outcome of a race, and no violation on the reference model", async () => {
    const report = await explore({
      name: "stop races the job",
      functions: [job],
      steps: [
        { send: { name: "job/start", data: { key: "1" } }, label: "start" },
        { advance: "1h" },
        { send: { name: "job/stop", data: { key: "1" } } },
      ],
    });
    expect(report.violations).toEqual([]);
    expect(report.complete).toBe(true);
    expect(report.outcomes["job:start"]).toEqual([
      "Cancelled (event): a",
      "Cancelled (event): a (after cancel)",
      "Cancelled (event): a, nap",
      "Cancelled (event): a, nap, b",
      "Cancelled (event): a, nap, b (after cancel)",
      "Cancelled (event): no steps",
      "Completed: a, nap, b",
    ]);
    expect(formatReport(report)).toContain("✓ no invariant broken");
  });

  it("merges states that differ only in the order ids were drawn or actions taken", async () => {
    const report = await explore({
      name: "commuting actions",
      functions: [job],
      steps: [
        {
          anyOrder: [
            { send: { name: "unrelated" } },
            { bulkCancel: { functionId: "job" } },
            { pause: "job" },
          ],
        },
      ],
    });
    // Six orders, and the event's processing and the bulk sweep at several points: the event and
    // the bulk record draw their ids in either order, yet every path ends in the same state.
    expect(report.finalStates).toBe(1);
    expect(report.states).toBeLessThan(20);
    expect(report.transitions).toBeGreaterThan(report.states);
  });

  it("runs each distinct handler execution once, whatever the number of paths through it", async () => {
    const report = await explore({
      name: "two jobs",
      functions: [job],
      steps: [
        { send: { name: "job/start", data: { key: "1" } } },
        { send: { name: "job/start", data: { key: "2" } } },
      ],
    });
    expect(report.violations).toEqual([]);
    // Per job: plan a, run a, sleep, plan b, run b, complete = 6 executions.
    expect(report.handlerExecutions).toBe(12);
    expect(report.transitions).toBeGreaterThan(100);
  });

  it("checks the scenario's expectations in every final state", async () => {
    const report = await explore({
      name: "wrong expectation",
      functions: [job],
      steps: [
        { send: { name: "job/start", data: { key: "1" } }, label: "start" },
        { send: { name: "job/stop", data: { key: "1" } } },
      ],
      expect: { start: ["Completed"] },
    });
    const [violation] = report.violations;
    expect(violation?.invariant).toBe("expected-outcome");
    expect(violation?.message).toMatch(
      /^job:start ended Cancelled \(cancelled\); expected Completed$/,
    );
  });

  it("checks custom invariants in every state", async () => {
    const report = await explore({
      name: "custom",
      functions: [job],
      steps: [{ send: { name: "job/start", data: { key: "1" } }, label: "start" }],
      invariants: [
        { name: "never two runs", check: ({ runs }) => (runs.size > 1 ? "two runs" : null) },
        {
          name: "a never runs",
          check: ({ runs }) =>
            [...runs.values()].some((r) => r.steps.some((s) => s.id === "a")) ? "a ran" : null,
        },
      ],
    });
    expect(report.violations.map((v) => `${v.invariant}: ${v.message}`)).toEqual([
      "custom:a never runs: a ran",
    ]);
    expect(report.violations[0]?.timeline.at(-1)).toContain('step "a" committed');
  });

  it("reports a script that cannot go on", async () => {
    const report = await explore({
      name: "blocked",
      functions: [job],
      steps: [
        { send: { name: "job/start", data: { key: "1" } } },
        { cancel: "nothing-has-this-label" },
      ],
    });
    expect(report.violations.map((v) => v.invariant)).toEqual(["scenario-blocked"]);
  });

  it("says when a bound cut the exploration short", async () => {
    const report = await explore(
      {
        name: "bounded",
        functions: [job],
        steps: [{ send: { name: "job/start", data: { key: "1" } } }, { advance: "1h" }],
      },
      { maxStates: 5 },
    );
    expect(report.complete).toBe(false);
    expect(report.states).toBe(5);
  });

  it("explores both what a step does when it sees its signal aborted and when it does not", async () => {
    const quell = new Quell({ id: "app" });
    const careful = quell.createFunction({ id: "careful" }, { event: "go" }, async ({ step }) => {
      await step.run("work", ({ signal }) => (signal.aborted ? "stopped early" : "finished"));
    });
    const report = await explore({
      name: "abort",
      functions: [careful],
      steps: [{ send: { name: "go" }, label: "go" }, { cancel: "go" }],
    });
    expect(report.violations).toEqual([]);
    const outcomes = report.outcomes["careful:go"] ?? [];
    expect(outcomes).toContain("Cancelled (api): work (after cancel)");
    expect(report.handlerExecutions).toBeGreaterThanOrEqual(4);
  });

  it("explores the seeds' reminder with the script of the docs", async () => {
    const s: Scenario = {
      name: "docs example",
      functions: reminderSeed.functions({}),
      steps: [
        { send: reminderSeed.trigger("r1"), label: "created" },
        { idle: true },
        { advance: "1d" },
        { send: reminderSeed.cancel("r1"), label: "deleted" },
      ],
      expect: { created: ["Cancelled"] },
    };
    const report = await explore(s);
    expect(report.violations).toEqual([]);
    expect(report.outcomes).toEqual({
      "schedule-reminder:created": ["Cancelled (event): no steps"],
    });
  });
});
