// `pnpm check:model`: explore every built-in scenario exhaustively and fail on any violation or
// on an exploration a bound cut short.
// Usage: pnpm check:model [--verbose] [--inject=<fault>[,<fault>]] [name filter]
// `--inject` swaps in a known bug (see `faults` in @quell/core) to watch the checker catch it.
// The explorer is pure (packages/core/src/model-check); timing and printing live here.
import {
  builtInScenarios,
  type ExplorationReport,
  explore,
  faults,
  formatReport,
  formatViolation,
} from "../src/index";

const args = process.argv.slice(2);
const verbose = args.includes("--verbose");
const filter = args.find((arg) => !arg.startsWith("--"));
const injected = (args.find((arg) => arg.startsWith("--inject="))?.slice("--inject=".length) ?? "")
  .split(",")
  .filter((name) => name.length > 0);
const unknown = injected.filter((name) => !(name in faults));
if (unknown.length > 0) {
  console.error(
    `unknown fault(s): ${unknown.join(", ")}; known: ${Object.keys(faults).join(", ")}`,
  );
  process.exit(2);
}
const inject = injected.map((name) => faults[name as keyof typeof faults]);

const seconds = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;
const rate = (states: number, ms: number): string =>
  `${Math.round(states / (ms / 1000)).toLocaleString("en-US")}/s`;
const cell = (text: string | number, width: number): string => String(text).padStart(width);

const main = async (): Promise<number> => {
  const scenarios = builtInScenarios().filter(
    (s) => filter === undefined || s.name.includes(filter),
  );
  if (scenarios.length === 0) {
    console.error(`no built-in scenario matches "${filter}"`);
    return 2;
  }
  const bugs =
    inject.length === 0 ? "" : `, injected bug(s): ${inject.map((f) => f.name).join(", ")}`;
  console.log(
    `Exploring ${scenarios.length} scenarios (SPEC §7 invariants in every state${bugs})\n`,
  );
  console.log(
    `${"scenario".padEnd(62)}${cell("states", 9)}${cell("moves", 10)}${cell("final", 7)}${cell("depth", 6)}${cell("time", 10)}  result`,
  );
  const failed: ExplorationReport[] = [];
  let states = 0;
  let transitions = 0;
  const started = performance.now();
  for (const scenario of scenarios) {
    const t0 = performance.now();
    const report = await explore(scenario, { inject });
    const ms = performance.now() - t0;
    states += report.states;
    transitions += report.transitions;
    const ok = report.violations.length === 0 && report.complete;
    if (!ok) failed.push(report);
    const result = ok
      ? "ok"
      : report.complete
        ? `${report.violations.length} VIOLATION(S)`
        : "INCOMPLETE";
    console.log(
      `${scenario.name.padEnd(62)}${cell(report.states, 9)}${cell(report.transitions, 10)}${cell(report.finalStates, 7)}${cell(report.maxDepth, 6)}${cell(seconds(ms), 10)}  ${result}`,
    );
    if (verbose) console.log(`${formatReport(report)}\n`);
  }
  const wall = performance.now() - started;
  for (const report of failed) {
    console.log(
      `\n${report.scenario}${report.complete ? "" : ": a bound cut the exploration short"}`,
    );
    for (const violation of report.violations) console.log(formatViolation(violation));
  }
  console.log(
    `\n${states.toLocaleString("en-US")} states explored (${transitions.toLocaleString("en-US")} moves) in ${seconds(wall)}: ${rate(states, wall)}`,
  );
  console.log(
    failed.length === 0 ? "No invariant broken." : `${failed.length} scenario(s) failed.`,
  );
  return failed.length === 0 ? 0 : 1;
};

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(2);
  },
);
