import { Quell } from "../../sdk/quell";
import type { QuellFunction, TimeoutsConfig } from "../../sdk/types";
import type { CustomInvariant, Scenario } from "../types";

// Function timeouts (SPEC §4.1, source `timeout`) and rescheduling (§2, §7.10): a deadline
// racing a step in flight and the first claim, a sleep's end that must keep the deadline, and
// a reschedule racing the timer it moves.

const START = Date.parse("2024-01-01T00:00:00.000Z");
const HOUR = 3_600_000;
const at = (offsetMs: number): string => new Date(START + offsetMs).toISOString();

const app = new Quell({ id: "timeouts" });

/** Two steps: a deadline may come while either is in flight, or between them. */
const report = (timeouts: TimeoutsConfig): QuellFunction =>
  app.createFunction(
    { id: "report", timeouts },
    { event: "report/requested" },
    async ({ step }) => {
      await step.run("build", () => "built");
      await step.run("publish", () => "published");
    },
  );

/** Sleeps an hour, then runs one step. */
const napper = (timeouts?: TimeoutsConfig): QuellFunction =>
  app.createFunction(
    { id: "nap", ...(timeouts === undefined ? {} : { timeouts }) },
    { event: "nap/started" },
    async ({ step }) => {
      await step.sleep("nap", "1h");
      return step.run("after", () => "awake");
    },
  );

/** Two sleeps in a row: the first one's end must not take the finish deadline's timer along. */
const twoNaps = app.createFunction(
  { id: "two-naps", timeouts: { finish: "90m" } },
  { event: "nap/twice" },
  async ({ step }) => {
    await step.sleep("first", "1h");
    await step.sleep("second", "1h");
  },
);

/** A rescheduled run wakes when it was moved to; otherwise when its sleep ends. */
const wakesWhenMoved = (moved: string, original: string): CustomInvariant => ({
  name: "wakes at the time it was last moved to",
  check: ({ runs }) => {
    for (const [label, run] of runs) {
      const woke = run.timeline.find((e) => e.type === "woke");
      if (woke === undefined) continue;
      const rescheduled = run.timeline.some((e) => e.type === "rescheduled");
      const expected = rescheduled ? moved : original;
      if (woke.at !== expected) return `${label} woke at ${woke.at}, expected ${expected}`;
    }
    return null;
  },
});

/** The scenarios of function timeouts and rescheduling. */
export const timeoutScenarios = (): Scenario[] => [
  {
    name: "timeouts: finish timeout vs a step in flight",
    description:
      "the finish deadline comes before, during or after either step; a worker may die: a step in flight settles after cancel, nothing starts after the deadline",
    functions: [report({ finish: "10m" })],
    steps: [{ send: { name: "report/requested" }, label: "report" }, { advance: "10m" }],
    leaseExpiries: 1,
    expect: { report: ["Cancelled", "Completed"] },
  },
  {
    name: "timeouts: start timeout vs the first claim",
    description: "the start deadline comes before or after the run is claimed",
    functions: [report({ start: "10s" })],
    steps: [{ send: { name: "report/requested" }, label: "report" }, { advance: "10s" }],
    expect: { report: ["Cancelled", "Completed"] },
  },
  {
    name: "timeouts: a sleep's end keeps the finish deadline",
    description: "the first sleep ends before the deadline; the deadline cancels the second sleep",
    functions: [twoNaps],
    steps: [{ send: { name: "nap/twice" }, label: "naps" }],
    expect: { naps: ["Cancelled"] },
  },
  {
    name: "reschedule racing the timer",
    description:
      "the sleep's end is due when rescheduleRun moves it an hour later: woken first (409), or moved first (wakes an hour later, never at the old time)",
    functions: [napper()],
    steps: [
      { send: { name: "nap/started" }, label: "nap" },
      { idle: true },
      { advance: "1h" },
      { reschedule: "nap", until: at(2 * HOUR) },
    ],
    expect: { nap: ["Completed"] },
    invariants: [wakesWhenMoved(at(2 * HOUR), at(HOUR))],
  },
  {
    name: "reschedule into the past, racing one past the finish deadline",
    description:
      "two reschedules in either order: into the past wakes the run at once; past the 90m deadline it is cancelled then",
    functions: [napper({ finish: "90m" })],
    steps: [
      { send: { name: "nap/started" }, label: "nap" },
      { idle: true },
      { advance: "10m" },
      {
        anyOrder: [
          { reschedule: "nap", until: at(3 * HOUR) },
          { reschedule: "nap", until: at(0) },
        ],
      },
    ],
    expect: { nap: ["Completed", "Cancelled"] },
  },
];
