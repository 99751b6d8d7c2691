import { describe, expect, it } from "vitest";
import { builtInScenarios, explore, faults, type Scenario } from "../../src/index";

const byName = new Map(builtInScenarios().map((s) => [s.name, s]));
const scenario = (name: string): Scenario => {
  const found = byName.get(name);
  if (found === undefined) throw new Error(`no built-in scenario "${name}"`);
  return found;
};

// The explorer takes moves nobody can observe alone (a persistent set of one). That must not
// change what it finds: the same outcomes, the same broken invariants, with or without it.
const cases: readonly [string, keyof typeof faults | null][] = [
  ["reminder: cancel during an in-flight step", null],
  ["reminder: bulk sweep in pages", null],
  ["contacts-import: cancel before start", null],
  ["contacts-import: cancel races the waitForEvent resolution", null],
  ["blog-post: pause with cancelRunning", null],
  ["blog-post: schedule, cancel, reschedule", null],
  ["reminder: late report races a cancel and the retry", null],
  ["contacts-import: cancel before start", "stepAfterCancel"],
  ["reminder: cancel before start", "listenersAfterCreate"],
  ["reminder: cancel during an in-flight step", "cancelledBeforeSettled"],
  ["contacts-import: cancel during an in-flight step", "leaseLosesStep"],
  ["reminder: late report races a cancel and the retry", "staleReportAccepted"],
];

describe("the reduction of invisible moves", () => {
  it.each(cases)("finds the same in %s (injected: %s)", async (name, fault) => {
    const inject = fault === null ? [] : [faults[fault]];
    const reduced = await explore(scenario(name), { inject });
    const full = await explore(scenario(name), { inject, reduce: false });
    expect(full.complete && reduced.complete).toBe(true);
    expect(reduced.outcomes).toEqual(full.outcomes);
    expect(reduced.violations.map((v) => v.invariant).sort()).toEqual(
      full.violations.map((v) => v.invariant).sort(),
    );
    expect(reduced.states).toBeLessThanOrEqual(full.states);
  });
});
