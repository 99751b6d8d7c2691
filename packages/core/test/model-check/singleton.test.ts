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

const scenario = (name: string): Scenario => {
  const found = builtInScenarios().find((s) => s.name === name);
  if (found === undefined) throw new Error(`no built-in scenario "${name}"`);
  return found;
};

const singletonViolation = (report: ExplorationReport): Violation => {
  const found = report.violations.find((v) => v.invariant === "singleton");
  if (found === undefined) {
    const got = report.violations.map((v) => v.invariant).join(", ") || "none";
    throw new Error(`expected a singleton violation, got ${got}`);
  }
  return found;
};

describe("singleton scenarios (SPEC §7.8)", () => {
  it("cancel mode: the older run ends cancelled by singleton or completed, the newer always completes", async () => {
    const report = await explore(scenario("singleton cancel: two events racing"));
    expect(report.violations).toEqual([]);
    expect(report.outcomes["sync-user:second"]).toEqual(["Completed: sync, cool-down"]);
    expect(report.outcomes["sync-user:other"]).toEqual(["Completed: sync, cool-down"]);
    // Cancelled while queued, with its step in flight, after it, while sleeping; or done first.
    expect(report.outcomes["sync-user:first"]).toEqual([
      "Cancelled (singleton): no steps",
      "Cancelled (singleton): sync",
      "Cancelled (singleton): sync (after cancel)",
      "Cancelled (singleton): sync, cool-down",
      "Completed: sync, cool-down",
    ]);
  });

  it("skip mode: the newer run is skipped while the older is in progress, and runs once it ended", async () => {
    const report = await explore(scenario("singleton skip: two events racing"));
    expect(report.violations).toEqual([]);
    expect(report.outcomes["sync-user:first"]).toEqual(["Completed: sync, cool-down"]);
    expect(report.outcomes["sync-user:second"]).toEqual([
      "Completed: sync, cool-down",
      "Skipped: no steps",
    ]);
  });

  it("skip mode: a cancelled or cancelling run no longer holds the slot", async () => {
    const report = await explore(scenario("singleton skip: the run in progress is cancelled"));
    expect(report.violations).toEqual([]);
    expect(report.outcomes["sync-user:first"]).toContain("Cancelled (api): sync (after cancel)");
    expect(report.outcomes["sync-user:second"]).toEqual([
      "Completed: sync, cool-down",
      "Skipped: no steps",
    ]);
  });
});

// Each bug is injected into a scenario the correct model passes (above); the explorer must find
// it and print the shortest path that shows it.
describe("the explorer finds injected singleton bugs, with a shortest counterexample", () => {
  it("a claim that is a blind write (not set-if-absent): two runs in progress for one key", async () => {
    for (const [name, slot, depth] of [
      ["singleton skip: two events racing", "sync-app-sync-user", 4],
      ["singleton cancel: two events racing", 'sync-app-sync-user|"u1"', 6],
    ] as const) {
      const v = singletonViolation(
        await explore(scenario(name), { inject: [faults.singletonBlindClaim] }),
      );
      expect(v.message).toBe(
        `sync-user:first and sync-user:second are in progress at once (slot ${slot})`,
      );
      // The second event is processed while the first run is still queued.
      expect(v.timeline.at(-1)).toMatch(
        /process second {2}⇒ {2}sync-user:second created \(queued\)$/,
      );
      expect(v.depth).toBe(depth);
      expect(formatViolation(v)).toContain(`shortest counterexample (${depth} moves)`);
    }
  });

  it("a cancelled run that keeps its slot: the next event of the key is skipped for nothing", async () => {
    const v = singletonViolation(
      await explore(scenario("singleton skip: the run in progress is cancelled"), {
        inject: [faults.singletonSlotKept],
      }),
    );
    expect(v.message).toBe("sync-user:second was skipped, but no run of its slot was in progress");
    const cancelled = v.timeline.findIndex((line) =>
      line.includes("cancelRun(sync-user:first) → cancellation committed"),
    );
    expect(cancelled).toBeGreaterThan(0);
    expect(v.timeline.at(-1)).toMatch(
      /process second {2}⇒ {2}sync-user:second created \(skipped\)$/,
    );
    expect(v.runs["sync-user:second"]).toContain(
      "skipped — singleton: run sync-user:first is in progress",
    );
    expect(v.depth).toBe(6);
  });
});
