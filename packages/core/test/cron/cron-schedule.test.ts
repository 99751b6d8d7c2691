import { isRight } from "fp-ts/lib/Either.js";
import { describe, expect, it } from "vitest";
import {
  type CronSchedule,
  nextCronTime,
  parseCronSchedule,
  previousCronTime,
} from "../../src/cron/cron-schedule";

const parse = (source: string): CronSchedule => {
  const r = parseCronSchedule(source);
  if (!isRight(r)) throw new Error(r.left);
  return r.right;
};
const at = (iso: string): number => Date.parse(iso);
const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

describe("parseCronSchedule", () => {
  it("reads the TZ= prefix the seeds' system writes", () => {
    expect(parse("TZ=Europe/Paris 0 3 * * *")).toMatchObject({
      source: "TZ=Europe/Paris 0 3 * * *",
      timezone: "Europe/Paris",
      expression: "0 3 * * *",
    });
    expect(parse("CRON_TZ=America/New_York 0 9 * * 1-5").timezone).toBe("America/New_York");
  });

  it("without a time zone, counts in UTC (whatever the process's own zone)", () => {
    const s = parse("0 3 * * *");
    expect(s.timezone).toBeNull();
    expect(iso(nextCronTime(s, at("2024-01-01T00:00:00Z")))).toBe("2024-01-01T03:00:00.000Z");
  });
});

describe("nextCronTime and previousCronTime", () => {
  it("follow the zone's offset, daylight saving included", () => {
    const paris = parse("TZ=Europe/Paris 0 3 * * *");
    // Winter: UTC+1; summer: UTC+2.
    expect(iso(nextCronTime(paris, at("2024-01-01T00:00:00Z")))).toBe("2024-01-01T02:00:00.000Z");
    expect(iso(nextCronTime(paris, at("2024-07-01T00:00:00Z")))).toBe("2024-07-01T01:00:00.000Z");
  });

  it("next is strictly after, previous is at or before", () => {
    const every5 = parse("*/5 * * * *");
    const t = at("2024-01-01T00:05:00Z");
    expect(iso(nextCronTime(every5, t))).toBe("2024-01-01T00:10:00.000Z");
    expect(iso(previousCronTime(every5, t))).toBe("2024-01-01T00:05:00.000Z");
    expect(iso(previousCronTime(every5, t - 1))).toBe("2024-01-01T00:00:00.000Z");
    expect(iso(nextCronTime(every5, t - 1))).toBe("2024-01-01T00:05:00.000Z");
  });
});

describe("daylight saving (croner's rule, docs/triggers.md)", () => {
  it("a fixed time in the skipped hour runs right after the gap, once", () => {
    // Paris, 2024-03-31: 02:00 local jumps to 03:00 (01:00 UTC).
    const s = parse("TZ=Europe/Paris 30 2 * * *");
    expect(iso(nextCronTime(s, at("2024-03-30T12:00:00Z")))).toBe("2024-03-31T01:00:00.000Z");
    expect(iso(nextCronTime(s, at("2024-03-31T01:00:00Z")))).toBe("2024-04-01T00:30:00.000Z");
  });

  it("a fixed time in the repeated hour runs once", () => {
    // Paris, 2024-10-27: 03:00 local goes back to 02:00 (01:00 UTC); 02:30 happens twice.
    const s = parse("TZ=Europe/Paris 30 2 * * *");
    expect(iso(nextCronTime(s, at("2024-10-26T12:00:00Z")))).toBe("2024-10-27T00:30:00.000Z");
    expect(iso(nextCronTime(s, at("2024-10-27T00:30:00Z")))).toBe("2024-10-28T01:30:00.000Z");
  });
});
