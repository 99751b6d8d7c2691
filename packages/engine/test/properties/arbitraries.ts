import type {
  CancelOnConfig,
  FunctionShape,
  ScenarioAction,
  ShapeStep,
  SingletonConfig,
  TimeoutsConfig,
} from "@quell/core";
import fc from "fast-check";

// Random function shapes and inputs for the property tests of this folder. Shapes are step
// sequences with runs that fail (retriably or not), sleeps, waits and sends. Two functions:
// "job" (keys 1 and 2) and "target" (key 3); a job's sendEvent steps may stop or wake targets,
// so runs interfere with each other, but never with themselves (see known-divergences.test.ts).

const stepArb = (sends: boolean): fc.Arbitrary<Omit<ShapeStep, "id">> =>
  fc.oneof(
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
    ...(sends
      ? [
          fc.record({
            kind: fc.constant("send" as const),
            event: fc.constantFrom("job/go", "job/stop", "job/note"),
            key: fc.constant("3"),
          }),
        ]
      : []),
  );

const cancelOnArb: fc.Arbitrary<readonly CancelOnConfig[]> = fc.constantFrom(
  [],
  [{ event: "job/stop", match: "data.key" }],
  [{ event: "job/stop", if: "async.data.key == event.data.key", timeout: "45m" }],
  [{ event: "job/stop", match: "data.key" }, { event: "job/halt" }],
);

/** Mostly none; else one slot per function or per key, in either mode (SPEC §7.8). */
const singletonArb: fc.Arbitrary<SingletonConfig | undefined> = fc.constantFrom(
  undefined,
  undefined,
  undefined,
  { mode: "skip" },
  { mode: "cancel" },
  { key: "event.data.key", mode: "skip" },
  { key: "event.data.key", mode: "cancel" },
);

/** Function timeouts (none, mostly): a finish deadline that may come in a sleep, wait or step. */
const timeoutsArb: fc.Arbitrary<TimeoutsConfig | undefined> = fc.constantFrom(
  undefined,
  undefined,
  { finish: "90m" },
  { start: "1m", finish: "3h" },
);

const shape = (id: string, trigger: string, sends: boolean): fc.Arbitrary<FunctionShape> =>
  fc
    .record({
      steps: fc.array(stepArb(sends), { minLength: 1, maxLength: 4 }),
      cancelOn: cancelOnArb,
      retries: fc.integer({ min: 0, max: 2 }),
      singleton: singletonArb,
      timeouts: timeoutsArb,
    })
    .map(({ steps, cancelOn, retries, singleton, timeouts }) => ({
      id,
      trigger,
      cancelOn,
      retries,
      ...(singleton === undefined ? {} : { singleton }),
      ...(timeouts === undefined ? {} : { timeouts }),
      steps: steps.map((step, i) => ({ ...step, id: `s${i}` }) as ShapeStep),
    }));

/** The job (triggered by job/start, keys 1 and 2) and the target its sends aim at (target/start, key 3). */
export const shapesArb = fc.tuple(
  shape("job", "job/start", true),
  shape("target", "target/start", false),
);

const key = fc.constantFrom("1", "2", "3");
const start = (k: string): ScenarioAction =>
  k === "3"
    ? { send: { name: "target/start", data: { key: k } }, label: "start-3" }
    : { send: { name: "job/start", data: { key: k } }, label: `start-${k}` };

/** A time for `rescheduleRun`: from the start of the test's clock; past ones wake at once. */
const START = Date.parse("2024-01-01T00:00:00.000Z");
const untilArb = fc
  .constantFrom(0, 20 * 60_000, 2 * 3_600_000, 26 * 3_600_000)
  .map((ms) => START + ms);

/** One input from outside: events, API cancels, bulk cancels, pause/resume, reschedules, time. */
export const actionArb: fc.Arbitrary<ScenarioAction> = fc.oneof(
  { weight: 3, arbitrary: key.map(start) },
  {
    weight: 2,
    arbitrary: key.map((k): ScenarioAction => ({ send: { name: "job/stop", data: { key: k } } })),
  },
  key.map((k): ScenarioAction => ({ send: { name: "job/go", data: { key: k } } })),
  fc.constant<ScenarioAction>({ send: { name: "job/halt" } }),
  key.map((k): ScenarioAction => ({ cancel: `start-${k}` })),
  fc
    .tuple(key, untilArb)
    .map(([k, until]): ScenarioAction => ({ reschedule: `start-${k}`, until })),
  fc.constantFrom<ScenarioAction>({ advance: "30m" }, { advance: "1h" }, { advance: "1d" }),
  fc.constant<ScenarioAction>({ bulkCancel: { functionId: "job", if: "event.data.key == '1'" } }),
  fc.constantFrom<ScenarioAction>(
    { pause: "job" },
    { pause: "job", cancelRunning: true },
    { resume: "job" },
  ),
);
