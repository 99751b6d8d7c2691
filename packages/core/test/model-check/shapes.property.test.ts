import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  type CancelOnConfig,
  explore,
  type FunctionShape,
  formatViolation,
  functionFromShape,
  type ScenarioAction,
  type ShapeStep,
} from "../../src/index";

// Random function shapes (step sequences with runs that fail, sleeps, waits and sends) and
// random scripts against them: the explorer must find no broken invariant on the reference
// model. fast-check prints the seed and the shrunk counterexample of any failure, so it replays.

const stepArb: fc.Arbitrary<Omit<ShapeStep, "id">> = fc.oneof(
  fc.record({
    kind: fc.constant("run" as const),
    fails: fc.integer({ min: 0, max: 2 }),
    fatal: fc.boolean(),
  }),
  fc.record({ kind: fc.constant("sleep" as const), duration: fc.constantFrom("1m", "1h") }),
  fc.record({
    kind: fc.constant("wait" as const),
    event: fc.constant("job/go"),
    timeout: fc.constantFrom("30m", "2h"),
  }),
  fc.record({
    kind: fc.constant("send" as const),
    event: fc.constantFrom("job/go", "job/stop", "job/note"),
  }),
);

const cancelOnArb: fc.Arbitrary<readonly CancelOnConfig[]> = fc.constantFrom(
  [],
  [{ event: "job/stop", match: "data.key" }],
  [{ event: "job/stop", if: "async.data.key == event.data.key", timeout: "45m" }],
  [{ event: "job/stop", match: "data.key" }, { event: "job/halt" }],
);

export const shapeArb: fc.Arbitrary<FunctionShape> = fc
  .record({
    steps: fc.array(stepArb, { minLength: 1, maxLength: 4 }),
    cancelOn: cancelOnArb,
    retries: fc.integer({ min: 0, max: 2 }),
  })
  .map(({ steps, cancelOn, retries }) => ({
    id: "job",
    trigger: "job/start",
    cancelOn,
    retries,
    steps: steps.map((step, i) => ({ ...step, id: `s${i}` }) as ShapeStep),
  }));

const key = fc.constantFrom("1", "2");
const actionArb: fc.Arbitrary<ScenarioAction> = fc.oneof(
  {
    weight: 3,
    arbitrary: key.map(
      (k): ScenarioAction => ({
        send: { name: "job/start", data: { key: k } },
        label: `start-${k}`,
      }),
    ),
  },
  {
    weight: 2,
    arbitrary: key.map((k): ScenarioAction => ({ send: { name: "job/stop", data: { key: k } } })),
  },
  key.map((k): ScenarioAction => ({ send: { name: "job/go", data: { key: k } } })),
  fc.constant<ScenarioAction>({ send: { name: "job/halt" } }),
  key.map((k): ScenarioAction => ({ cancel: `start-${k}` })),
  fc.constantFrom<ScenarioAction>({ advance: "30m" }, { advance: "1h" }),
  fc.constant<ScenarioAction>({ bulkCancel: { functionId: "job", if: "event.data.key == '1'" } }),
  fc.constantFrom<ScenarioAction>(
    { pause: "job" },
    { pause: "job", cancelRunning: true },
    { resume: "job" },
  ),
  fc.constant<ScenarioAction>({ idle: true }),
);

describe("random function shapes through the explorer", () => {
  it("never break an invariant of SPEC §7", async () => {
    await fc.assert(
      fc.asyncProperty(
        shapeArb,
        fc.array(actionArb, { minLength: 1, maxLength: 5 }),
        async (shape, steps) => {
          const report = await explore(
            {
              name: "generated",
              functions: [functionFromShape("gen", shape)],
              steps,
              leaseExpiries: 1,
            },
            { maxStates: 8_000 },
          );
          // A script may refer to a run that never exists (it then cannot go on): not a bug.
          const broken = report.violations.filter((v) => v.invariant !== "scenario-blocked");
          expect(broken.map(formatViolation)).toEqual([]);
        },
      ),
      { numRuns: Number(process.env.QUELL_PROPERTY_RUNS ?? 150) },
    );
  }, 180_000);
});

describe("the reduction of invisible moves, on random shapes", () => {
  it("finds the same outcomes and the same broken invariants as the full exploration", async () => {
    await fc.assert(
      fc.asyncProperty(
        shapeArb,
        fc.array(actionArb, { minLength: 1, maxLength: 3 }),
        async (shape, steps) => {
          const scenario = {
            name: "generated",
            functions: [functionFromShape("gen", shape)],
            steps,
          };
          const full = await explore(scenario, { reduce: false, maxStates: 20_000 });
          fc.pre(full.complete);
          const reduced = await explore(scenario);
          expect(reduced.outcomes).toEqual(full.outcomes);
          expect(reduced.violations.map((v) => v.invariant).sort()).toEqual(
            full.violations.map((v) => v.invariant).sort(),
          );
        },
      ),
      { numRuns: Number(process.env.QUELL_PROPERTY_RUNS ?? 40) },
    );
  }, 180_000);
});
