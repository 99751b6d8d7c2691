import { describe, expect, it } from "vitest";
import { builtInScenarios, explore, formatViolation } from "../../src/index";

// What `pnpm check:model` runs, as part of the test suite so CI enforces it: every timing case
// of the seeds' examples, explored exhaustively, breaks no invariant.
describe("the built-in scenario set", () => {
  it.each(builtInScenarios().map((s) => [s.name, s] as const))(
    "%s",
    async (_, scenario) => {
      const report = await explore(scenario);
      expect(report.complete).toBe(true);
      expect(report.violations.map(formatViolation)).toEqual([]);
      expect(report.finalStates).toBeGreaterThan(0);
    },
    60_000,
  );
});
