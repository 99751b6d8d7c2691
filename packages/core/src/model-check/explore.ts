import { formatTimeline } from "../views/run-view";
import { stateKey } from "./canonical";
import { createContext, type ExplorationContext, initialState } from "./context";
import { describeOutcome } from "./describe";
import { checkTransition, type Finding } from "./invariants";
import { applyMove, enabledMoves } from "./moves";
import { type ExplorerState, labelOf, renameIds } from "./state";
import { checkState } from "./state-checks";
import type {
  ExplorationReport,
  ExploreOptions,
  InvariantName,
  Scenario,
  Violation,
} from "./types";

interface Node {
  readonly parent: string | null;
  readonly line: string;
}

const runTimelines = (state: ExplorerState): Record<string, string> =>
  Object.fromEntries(
    [...state.world.runs.values()].map((run) => [
      labelOf(state, run.id),
      renameIds(formatTimeline(run), state.labels),
    ]),
  );

/**
 * Explore every interleaving of a scenario's script with the engine's own choices (which event,
 * timer, queue item, execution report, lease expiry or sweep comes next), breadth first, merging
 * states that are the same up to the names of ids. Every transition and every new state is
 * checked against SPEC §7's invariants; a state that breaks one is not explored further. Because
 * the search is breadth first, the counterexample kept for each invariant is a shortest one.
 *
 * Handlers run for real (through `executeHandler`), once per distinct execution: their step
 * callbacks must settle, and must be deterministic functions of the event, the memoised steps
 * and the time.
 *
 * @example
 * const report = await explore({
 *   name: "cancel while sleeping",
 *   functions: [scheduleReminder],
 *   steps: [
 *     { send: { name: "tasks/reminder.created", data: { reminderId: "r1", remindAt } }, label: "created" },
 *     { advance: "1d" },
 *     { send: { name: "tasks/reminder.deleted", data: { reminderId: "r1" } } },
 *   ],
 *   expect: { created: ["Cancelled"] },
 * });
 * formatReport(report); // states, outcomes per run, counterexamples
 */
export const explore = async (
  scenario: Scenario,
  options: ExploreOptions = {},
): Promise<ExplorationReport> => {
  const ctx: ExplorationContext = createContext(scenario, options);
  const maxDepth = options.maxDepth ?? 400;
  const maxStates = options.maxStates ?? 500_000;
  const initial = initialState(ctx);
  const rootKey = stateKey(initial);
  const seen = new Map<string, Node>([[rootKey, { parent: null, line: "" }]]);
  const violations = new Map<InvariantName, Violation>();
  const outcomes = new Map<string, Set<string>>();
  let frontier: { readonly key: string; readonly state: ExplorerState }[] = [
    { key: rootKey, state: initial },
  ];
  let transitions = 0;
  let finalStates = 0;
  let depth = 0;
  let complete = true;

  const pathTo = (key: string | null): string[] => {
    const lines: string[] = [];
    for (
      let node = key === null ? undefined : seen.get(key);
      node?.parent != null;
      node = seen.get(node.parent)
    ) {
      lines.push(node.line);
    }
    return lines.reverse();
  };

  const record = (
    findings: readonly Finding[],
    path: readonly string[],
    at: number,
    state: ExplorerState,
  ): void => {
    for (const [invariant, message] of findings) {
      if (violations.has(invariant)) continue;
      violations.set(invariant, {
        invariant,
        message,
        depth: at,
        timeline: path,
        runs: runTimelines(state),
      });
    }
  };

  while (frontier.length > 0) {
    if (depth >= maxDepth) {
      complete = false;
      break;
    }
    const next: typeof frontier = [];
    for (const { key, state } of frontier) {
      const moves = enabledMoves(ctx, state);
      if (moves.length === 0) {
        finalStates += 1;
        for (const run of state.world.runs.values()) {
          const label = labelOf(state, run.id);
          outcomes.set(label, (outcomes.get(label) ?? new Set()).add(describeOutcome(run)));
        }
        const findings = checkState(ctx, state, true);
        if (findings.length > 0) record(findings, pathTo(key), depth, state);
        continue;
      }
      for (const move of moves) {
        for (const successor of await applyMove(ctx, state, move)) {
          transitions += 1;
          const broken = checkTransition(state, successor);
          if (broken.length > 0) {
            record(broken, [...pathTo(key), successor.line], depth + 1, successor.state);
            continue;
          }
          const successorKey = stateKey(successor.state);
          if (seen.has(successorKey)) continue;
          if (seen.size >= maxStates) {
            complete = false;
            continue;
          }
          seen.set(successorKey, { parent: key, line: successor.line });
          const findings = checkState(ctx, successor.state, false);
          if (findings.length > 0) {
            record(findings, pathTo(successorKey), depth + 1, successor.state);
            continue;
          }
          next.push({ key: successorKey, state: successor.state });
        }
      }
    }
    frontier = next;
    if (frontier.length > 0) depth += 1;
  }

  return {
    scenario: scenario.name,
    states: seen.size,
    transitions,
    finalStates,
    maxDepth: depth,
    complete,
    handlerExecutions: ctx.ops.executions,
    outcomes: Object.fromEntries([...outcomes].map(([label, set]) => [label, [...set].sort()])),
    violations: [...violations.values()].sort((a, b) => a.depth - b.depth),
  };
};
