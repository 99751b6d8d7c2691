import { describe, expect, it } from "vitest";
import { builtInScenarios, explore, faults, formatViolation, type Scenario } from "../../src/index";
import { INVOKED_CHILD, INVOKED_GRANDCHILD } from "../../src/model-check/scenarios/invoke";

const scenario = (name: string): Scenario => {
  const found = builtInScenarios().find((s) => s.name === name);
  if (found === undefined) throw new Error(`no built-in scenario "${name}"`);
  return found;
};

const CASCADE = "invoke: parent cancelled while the child's step is in flight";
const DETACH = "invoke: detached child outlives its cancelled parent";
const GRANDCHILD = "invoke: grandparent cancelled during the grandchild's step";
const child = `child:${INVOKED_CHILD}`;

describe("step.invoke in the model checker (SPEC §7.9)", () => {
  it("a parent cancelled at any point of its child's steps: the child settles its step, then ends cancelled by its parent", async () => {
    const report = await explore(scenario(CASCADE));
    expect(report.complete).toBe(true);
    expect(report.violations).toEqual([]);
    // Among the outcomes: the cascade reached the child while its step was in flight.
    expect(report.outcomes[child]).toContain("Cancelled (parent): nap, child-work (after cancel)");
    expect(report.outcomes[child]).toContain("Completed: nap, child-work, child-after");
    expect(report.outcomes["parent:run"]).toContain("Cancelled (api): no steps");
  });

  it("children of children: the cascade goes down two generations", async () => {
    const report = await explore(scenario(GRANDCHILD));
    expect(report.violations).toEqual([]);
    expect(report.outcomes[`child:${INVOKED_GRANDCHILD}`]).toContain(
      "Cancelled (parent): nap, child-work (after cancel)",
    );
    expect(report.outcomes[`middle:${INVOKED_CHILD}`]).toContain("Cancelled (parent): no steps");
  });

  it("a detached child always completes, whenever its parent is cancelled", async () => {
    const report = await explore(scenario(DETACH));
    expect(report.violations).toEqual([]);
    expect(report.outcomes[child]).toEqual(["Completed: nap, child-work, child-after"]);
    expect(report.outcomes["parent:run"]).toContain("Cancelled (api): no steps");
  });

  it("finds a child created without its cascade listener, with a shortest counterexample", async () => {
    const report = await explore(scenario(CASCADE), { inject: [faults.cascadeSkipped] });
    const v = report.violations.find((found) => found.invariant === "cascade");
    if (v === undefined) throw new Error("expected a cascade violation");
    expect(v.message).toBe(
      `${child}: function.cancelled(parent:run) is its parent's cancellation, but did not cancel it`,
    );
    // The parent is cancelled while the child sleeps; processing its function.cancelled is the
    // first moment the cascade must have happened.
    expect(v.depth).toBe(11);
    expect(v.timeline.at(-1)).toMatch(/process function\.cancelled\(parent:run\)$/);
    expect(v.timeline.at(-2)).toContain("cancelRun(parent:run) → cancellation committed");
    expect(formatViolation(v)).toContain("shortest counterexample (11 moves)");
  });
});
