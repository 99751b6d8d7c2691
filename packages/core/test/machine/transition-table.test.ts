import { describe, expect, it } from "vitest";
import {
  isTerminal,
  machineTransition,
  nextState,
  runMachineEventTypes,
  runStates,
  transitionTable,
} from "../../src/index";

describe("the run machine compiled into a table", () => {
  it("agrees with XState for every state × input", () => {
    let checked = 0;
    for (const state of runStates) {
      for (const event of runMachineEventTypes) {
        expect(nextState(state, event), `${state} × ${event}`).toBe(
          machineTransition(state, event),
        );
        checked += 1;
      }
    }
    expect(checked).toBe(runStates.length * runMachineEventTypes.length);
  });

  it("keeps terminal states absorbing", () => {
    for (const state of runStates.filter(isTerminal)) {
      expect(transitionTable[state]).toEqual({});
    }
  });

  // A run starts queued, or skipped when its function is paused (it never runs).
  it("reaches every state from the two initial states", () => {
    const seen = new Set(["queued", "skipped"]);
    const frontier = ["queued", "skipped"] as (typeof runStates)[number][];
    while (frontier.length > 0) {
      const state = frontier.pop();
      if (state === undefined) break;
      for (const next of Object.values(transitionTable[state])) {
        if (next !== undefined && !seen.has(next)) {
          seen.add(next);
          frontier.push(next);
        }
      }
    }
    expect([...seen].sort()).toEqual([...runStates].sort());
  });

  it("never leaves cancelling for anything but cancelled (it waits in it while parallel steps settle)", () => {
    expect(new Set(Object.values(transitionTable.cancelling))).toEqual(
      new Set(["cancelled", "cancelling"]),
    );
    expect(transitionTable.cancelling.STEP_SETTLED).toBe("cancelling");
  });

  it("lets every non-terminal state be cancelled", () => {
    for (const state of runStates.filter((s) => !isTerminal(s) && s !== "cancelling")) {
      const target = nextState(state, "CANCEL") ?? nextState(state, "CANCEL_IN_FLIGHT");
      expect(target, state).toBeDefined();
    }
  });
});
