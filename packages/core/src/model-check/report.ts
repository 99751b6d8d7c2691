import type { ExplorationReport, Violation } from "./types";

const indent = (text: string, by: string): string =>
  text
    .split("\n")
    .map((line) => by + line)
    .join("\n");

/** A counterexample as a person reads it: the broken rule, the path that breaks it, the runs. */
export const formatViolation = (violation: Violation): string => {
  const runs = Object.entries(violation.runs)
    .map(([label, timeline]) => `  ${label}\n${indent(timeline, "    ")}`)
    .join("\n");
  return [
    `✗ ${violation.invariant}: ${violation.message}`,
    `  shortest counterexample (${violation.depth} moves):`,
    ...violation.timeline.map((line, i) => `  ${String(i + 1).padStart(3)}. ${line}`),
    "  runs at that point:",
    runs,
  ].join("\n");
};

/**
 * What one exploration found, as text: the size of the state space, each run's distinct
 * outcomes, and each violation with its counterexample.
 */
export const formatReport = (report: ExplorationReport): string => {
  const head = `${report.scenario}: ${report.states} states, ${report.transitions} transitions, ${report.finalStates} final states, depth ${report.maxDepth}${report.complete ? "" : " (INCOMPLETE: a bound was reached)"}`;
  const outcomes = Object.entries(report.outcomes).map(
    ([label, list]) => `  ${label}\n${list.map((outcome) => `    · ${outcome}`).join("\n")}`,
  );
  const verdict =
    report.violations.length === 0
      ? "  ✓ no invariant broken"
      : report.violations.map(formatViolation).join("\n");
  return [head, ...outcomes, verdict].join("\n");
};
