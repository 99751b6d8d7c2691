import { describe, expect, it } from "vitest";
import { parseDuration, toEpochMs } from "../../src/config/duration";

describe("parseDuration", () => {
  it.each([
    ["30s", 30_000],
    ["10m", 600_000],
    ["2h", 7_200_000],
    ["3d", 259_200_000],
    ["1w", 604_800_000],
    ["500ms", 500],
    ["1h30m", 5_400_000],
    ["1h 30m 15s", 5_415_000],
    ["1.5h", 5_400_000],
    ["0s", 0],
    [" 10m ", 600_000],
  ])("reads %j as %i ms", (input, ms) => {
    expect(parseDuration(input)).toEqual({ _tag: "Right", right: ms });
  });

  it("takes non-negative finite numbers as milliseconds", () => {
    expect(parseDuration(0)).toEqual({ _tag: "Right", right: 0 });
    expect(parseDuration(1500)).toEqual({ _tag: "Right", right: 1500 });
  });

  it.each(["", "10", "abc", "10x", "h", "1h30", "-5s", "10 minutes", "1e3s", "5M"])(
    "rejects %j with a message that quotes it and shows the accepted forms",
    (input) => {
      const r = parseDuration(input);
      expect(r._tag).toBe("Left");
      if (r._tag === "Left") {
        expect(r.left).toContain(JSON.stringify(input));
        expect(r.left).toContain('"1h30m"');
      }
    },
  );

  it.each([-1, Number.NaN, Number.POSITIVE_INFINITY])("rejects the number %d", (n) => {
    const r = parseDuration(n);
    expect(r._tag).toBe("Left");
    if (r._tag === "Left") expect(r.left).toContain("non-negative finite");
  });

  it("rejects durations too large to be exact milliseconds", () => {
    const r = parseDuration("99999999999999w");
    expect(r).toEqual({ _tag: "Left", left: 'invalid duration "99999999999999w": too large' });
  });
});

describe("toEpochMs", () => {
  const noon = Date.UTC(2024, 4, 1, 12, 0, 0);

  it("accepts Dates, ISO strings with a zone, bare dates (UTC) and epoch ms", () => {
    expect(toEpochMs(new Date(noon))).toEqual({ _tag: "Right", right: noon });
    expect(toEpochMs("2024-05-01T12:00:00Z")).toEqual({ _tag: "Right", right: noon });
    expect(toEpochMs("2024-05-01T14:00:00.000+02:00")).toEqual({ _tag: "Right", right: noon });
    expect(toEpochMs("2024-05-01")).toEqual({ _tag: "Right", right: Date.UTC(2024, 4, 1) });
    expect(toEpochMs(noon)).toEqual({ _tag: "Right", right: noon });
  });

  it.each([
    "2024-05-01T12:00:00", // no zone: would depend on the machine's time zone
    "2024-02-30", // V8 would silently roll over to March 1st
    "2024-13-01T00:00:00Z",
    "May 1, 2024",
    "tomorrow",
    "",
  ])("rejects %j", (input) => {
    const r = toEpochMs(input);
    expect(r._tag).toBe("Left");
    if (r._tag === "Left") expect(r.left).toContain("ISO 8601");
  });

  it("rejects invalid Dates and non-finite numbers", () => {
    expect(toEpochMs(new Date("nope"))).toEqual({
      _tag: "Left",
      left: "invalid time: the Date is invalid",
    });
    expect(toEpochMs(Number.NaN)._tag).toBe("Left");
  });
});
