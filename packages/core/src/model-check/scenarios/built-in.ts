import type { RunStatus } from "../../codecs/run";
import type { CustomInvariant, Scenario, ScenarioAction, ScenarioStep } from "../types";
import { invokeScenarios } from "./invoke";
import { blogSeed, contactsSeed, reminderSeed, type Seed, seeds } from "./seeds";
import { singletonScenarios } from "./singleton";
import { timeoutScenarios } from "./timeouts";

const idle: ScenarioStep = { idle: true };

const advance = (duration: string): ScenarioStep[] =>
  duration === "0ms" ? [] : [{ advance: duration }];

/** The contacts seed's promise: one cleanup run per cancelled import, none otherwise. */
const cleanupPerCancelledImport: CustomInvariant = {
  name: "one cleanup per cancelled import",
  check: ({ runs, final }) => {
    if (!final) return null;
    const all = [...runs.values()];
    const cancelled = all.filter(
      (r) => r.function_id.endsWith("import-all-contacts") && r.status === "Cancelled",
    );
    const cleanups = all.filter((r) => r.function_id.endsWith("cleanup-cancelled-import"));
    return cleanups.length === cancelled.length
      ? null
      : `${cancelled.length} import(s) cancelled, but ${cleanups.length} cleanup run(s)`;
  },
};

/** The timing cases the issue lists, for one seed. */
const casesFor = (seed: Seed): Scenario[] => {
  const plain = seed.functions({});
  const base = {
    functions: plain,
    ...(seed === contactsSeed ? { invariants: [cleanupPerCancelledImport] } : {}),
  };
  const fn = seed.functionId;
  const send = (
    label: string,
    which: "trigger" | "cancel" | "resolve",
    key = "k1",
  ): ScenarioAction => ({
    send: seed[which](key),
    label,
  });
  type Case = Omit<Scenario, "name" | "description" | "functions"> & {
    /** What the bystander (a run for another key, sent right after "run") may end as; null: none. */
    readonly other?: readonly RunStatus[] | null;
  };
  // Every case also runs a bystander for another key: whatever happens to "run" must not touch it.
  const named = (
    name: string,
    description: string,
    { other = ["Completed"], ...rest }: Case,
    functions = plain,
  ): Scenario => {
    const at = rest.steps.findIndex((step) => "label" in step && step.label === "run");
    const steps =
      other === null || at < 0
        ? rest.steps
        : [
            ...rest.steps.slice(0, at + 1),
            send("other", "trigger", "k2"),
            ...rest.steps.slice(at + 1),
          ];
    return {
      ...base,
      functions,
      name: `${seed.name}: ${name}`,
      description,
      leaseExpiries: 1,
      ...rest,
      steps,
      ...(other === null ? {} : { expect: { ...rest.expect, other } }),
    };
  };
  const scenarios: Scenario[] = [
    named("cancel before start", "the cancel event is sent right after the trigger", {
      steps: [send("run", "trigger"), send("cancel", "cancel")],
      expect: { run: ["Cancelled"] },
    }),
    named("cancel during sleep", "the cancel event arrives while the run sleeps", {
      steps: [send("run", "trigger"), idle, { advance: seed.midSleep }, send("cancel", "cancel")],
      expect: { run: ["Cancelled"] },
    }),
    named(
      "cancel during an in-flight step",
      "cancelRun when the step after the sleep is due; a worker may die",
      {
        steps: [
          send("run", "trigger"),
          idle,
          { advance: seed.due },
          { cancel: "run", reason: "user asked" },
        ],
        expect: { run: ["Cancelled", "Completed"] },
      },
    ),
    named(
      "cancel after completion",
      "cancelRun and a cancel event once the run completed: 409, no effect",
      {
        steps: [
          send("run", "trigger"),
          idle,
          { advance: seed.done },
          idle,
          { cancel: "run" },
          send("cancel", "cancel"),
        ],
        expect: { run: ["Completed"] },
      },
    ),
    named(
      "cancel at the moment the timer fires",
      "the clock reaches the sleep's end and cancelRun comes at that instant",
      {
        steps: [
          send("run", "trigger"),
          idle,
          { advance: seed.due },
          { anyOrder: [{ cancel: "run" }, send("cancel", "cancel")] },
        ],
        expect: { run: ["Cancelled", "Completed"] },
      },
    ),
    named(
      "cancel races the waitForEvent resolution",
      "the awaited event and the cancel event arrive together, in either order",
      {
        steps: [
          send("run", "trigger"),
          idle,
          ...advance(seed.waiting),
          { anyOrder: [send("resolve", "resolve"), send("cancel", "cancel")] },
        ],
        expect: { run: ["Cancelled", "Completed"] },
      },
      seed.functions({ wait: true }),
    ),
    named(
      "bulk cancellation and cancel event together",
      "both sources race; the run is cancelled once",
      {
        steps: [
          send("run", "trigger"),
          idle,
          { advance: seed.midSleep },
          {
            anyOrder: [
              { bulkCancel: { functionId: fn, if: `event.data.${seed.key} == 'k1'` } },
              send("cancel", "cancel"),
            ],
          },
        ],
        expect: { run: ["Cancelled"] },
      },
    ),
    named(
      "pause without cancelRunning, then resume",
      "runs hold at a step boundary; events while paused are skipped",
      {
        steps: [
          send("run", "trigger"),
          idle,
          { advance: seed.due },
          { pause: fn },
          send("while-paused", "trigger", "k2"),
          idle,
          { resume: fn },
        ],
        expect: { run: ["Completed"], "while-paused": ["Skipped"] },
      },
    ),
    named("pause with cancelRunning", "pausing cancels the runs in flight (source pause)", {
      steps: [
        send("run", "trigger"),
        idle,
        { advance: seed.due },
        { pause: fn, cancelRunning: true },
      ],
      expect: { run: ["Cancelled", "Completed"] },
      other: ["Cancelled", "Completed"],
    }),
    named("event with a different key", "a cancel event for another key never cancels", {
      steps: [send("run", "trigger"), send("other-cancel", "cancel", "k2")],
      expect: { run: ["Completed"] },
      other: null,
    }),
    named("event before the run", "a cancel event ingested before the trigger never cancels (R3)", {
      steps: [send("early-cancel", "cancel"), send("run", "trigger")],
      expect: { run: ["Completed"] },
    }),
    named(
      "event after the timeout",
      "a cancel event after the cancelOn timeout never cancels (R4)",
      {
        steps: [
          send("run", "trigger"),
          idle,
          { advance: seed.afterTimeout },
          send("late-cancel", "cancel"),
        ],
        expect: { run: ["Completed"] },
      },
      seed.functions({ timeout: seed.timeout }),
    ),
  ];
  // A worker that stalls past its lease is presumed dead, and its run is taken over; then it
  // reports after all. Its late report must change nothing (SPEC §7.10), whatever it races. Two
  // takeovers: the worker that took over may stall in turn.
  scenarios.push(
    named(
      "late report races the retry",
      "the worker of any execution stalls past its lease; another takes the run over and runs again what was not committed, while the first reports late (twice over)",
      {
        steps: [send("run", "trigger"), idle, { advance: seed.due }],
        leaseExpiries: 2,
        lateReports: true,
        expect: { run: ["Completed"] },
      },
    ),
    named(
      "late report races a cancel and the retry",
      "as above, and cancelRun when the step after the sleep is due",
      {
        steps: [send("run", "trigger"), idle, { advance: seed.due }, { cancel: "run" }],
        leaseExpiries: 2,
        lateReports: true,
        expect: { run: ["Cancelled", "Completed"] },
      },
    ),
    named(
      "late report races a cancel event and the retry",
      "as above, with the cancelOn event instead of cancelRun",
      {
        steps: [send("run", "trigger"), idle, { advance: seed.due }, send("cancel", "cancel")],
        leaseExpiries: 2,
        lateReports: true,
        expect: { run: ["Cancelled", "Completed"] },
      },
    ),
  );
  scenarios.push(
    named(
      "bulk sweep in pages",
      "a bulk cancellation of every run, one run per sweep batch: runs the sweep has not reached yet stop at their next step boundary",
      {
        steps: [
          send("run", "trigger"),
          idle,
          { advance: seed.due },
          { bulkCancel: { functionId: fn } },
        ],
        bulkBatchSize: 1,
        expect: { run: ["Cancelled", "Completed"] },
        other: ["Cancelled", "Completed"],
      },
    ),
    named(
      "three sources at once",
      "when the step after the sleep is due: cancelRun and a bulk cancellation for one run, a cancel event for the other",
      {
        steps: [
          send("run", "trigger"),
          idle,
          { advance: seed.due },
          {
            anyOrder: [
              { cancel: "run" },
              { bulkCancel: { functionId: fn, if: `event.data.${seed.key} == 'k1'` } },
              send("cancel-other", "cancel", "k2"),
            ],
          },
        ],
        expect: { run: ["Cancelled", "Completed"] },
        other: ["Cancelled", "Completed"],
      },
    ),
  );
  if (seed === reminderSeed) {
    scenarios.push(
      named(
        "three runs, three sources",
        "three reminders due at once: cancelRun for the first, a cancel event for the second, a bulk cancellation for the third",
        {
          steps: [
            send("run", "trigger"),
            send("third", "trigger", "k3"),
            idle,
            { advance: seed.due },
            {
              anyOrder: [
                { cancel: "run" },
                send("cancel-other", "cancel", "k2"),
                { bulkCancel: { functionId: fn, if: `event.data.${seed.key} == 'k3'` } },
              ],
            },
          ],
          expect: { run: ["Cancelled", "Completed"], third: ["Cancelled", "Completed"] },
          other: ["Cancelled", "Completed"],
        },
      ),
    );
  }
  if (seed === blogSeed) {
    scenarios.push(
      named(
        "schedule, cancel, reschedule",
        "the seeds' pattern: the reschedule is never cancelled by the earlier cancel",
        {
          steps: [
            send("first", "trigger"),
            idle,
            { advance: seed.midSleep },
            send("cancel", "cancel"),
            { send: seed.trigger("k1", "later"), label: "reschedule" },
          ],
          expect: { first: ["Cancelled"], reschedule: ["Completed"] },
          other: null,
        },
      ),
    );
  }
  return scenarios;
};

/**
 * The scenario set `pnpm check:model` explores: every timing case for each of the seeds'
 * examples, then each feature's own scenarios.
 */
export const builtInScenarios = (): Scenario[] => [
  ...seeds.flatMap(casesFor),
  ...singletonScenarios(),
  ...timeoutScenarios(),
  ...invokeScenarios(),
];
