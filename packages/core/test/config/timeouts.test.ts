import { isLeft, isRight } from "fp-ts/lib/Either.js";
import { describe, expect, it } from "vitest";
import { formatConfigError, validateFunction } from "../../src/config/validate-function";

// `timeouts: { start?, finish? }` (SPEC §2, §4.1 source `timeout`): durations as elsewhere in
// config; bad ones are refused when the function is created, naming the field.

const trigger = { event: "reports/created" };
const validate = (timeouts: unknown) =>
  validateFunction(
    "app",
    { id: "report", ...(timeouts === undefined ? {} : { timeouts }) },
    trigger,
  );
const problem = (timeouts: unknown): string => {
  const result = validate(timeouts);
  if (isRight(result)) throw new Error("expected the config to be rejected");
  return formatConfigError(result.left);
};

describe("validateFunction: timeouts", () => {
  it("reads durations and milliseconds; absent limits are null", () => {
    const both = validate({ start: "10m", finish: 3_600_000 });
    const finish = validate({ finish: "1h30m" });
    const none = validate(undefined);
    if (isLeft(both) || isLeft(finish) || isLeft(none)) throw new Error("rejected");
    expect(both.right.timeouts).toEqual({ start: 600_000, finish: 3_600_000 });
    expect(finish.right.timeouts).toEqual({ start: null, finish: 5_400_000 });
    expect(none.right.timeouts).toEqual({ start: null, finish: null });
  });

  it("refuses a bad duration, naming the function and the field", () => {
    expect(problem({ start: "soon" })).toBe(
      'function "report": timeouts.start: invalid duration "soon": expected ms or a string like "30s", "10m", "2h", "3d", "1w", "500ms" or "1h30m"',
    );
    expect(problem({ finish: -5 })).toMatch(
      /^function "report": timeouts\.finish: invalid duration -5/,
    );
    expect(problem({ finish: { minutes: 5 } })).toMatch(
      /^function "report": timeouts\.finish: invalid duration/,
    );
  });

  it("refuses a zero limit: it would cancel every run at once", () => {
    expect(problem({ finish: "0s" })).toBe(
      'function "report": timeouts.finish: must be a duration longer than 0, got "0s"',
    );
  });

  it("refuses unknown options and a value that is not an object", () => {
    expect(problem({ end: "1h" })).toBe(
      'function "report": timeouts.end: unknown timeouts option "end" (expected start, finish)',
    );
    expect(problem("1h")).toBe(
      'function "report": timeouts: timeouts must be an object like { start?: "10m", finish?: "1h" }',
    );
  });
});
