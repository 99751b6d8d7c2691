import { describe, expect, it } from "vitest";
import { picture } from "../src/timeline";
import type { TimelineEntry } from "../src/wire";

const at = (s: number) => new Date(Date.UTC(2024, 0, 1) + s * 1000).toISOString();
const t = (s: number) => Date.parse(at(s));

describe("the timeline picture", () => {
  it("draws the step in flight past the cancel request, up to when it settled", () => {
    const p = picture(
      [
        { at: at(0), type: "created" },
        { at: at(0), type: "started" },
        { at: at(1), type: "step.started", step: "import" },
        { at: at(3), type: "cancel.requested", detail: "event" },
        { at: at(7), type: "step.settled_after_cancel", step: "import" },
        { at: at(7), type: "cancelled" },
      ],
      t(100),
    );
    expect(p.bars).toEqual([
      {
        label: "import",
        kind: "step",
        start: t(1),
        end: t(7),
        open: false,
        outcome: "settled after the cancel",
      },
    ]);
    expect(p.marks.map((m) => [m.kind, m.at])).toEqual([
      ["cancel", t(3)],
      ["settled", t(7)],
      ["end", t(7)],
    ]);
    expect([p.from, p.to]).toEqual([t(0), t(7)]);
  });

  it("draws a sleep still going up to now, and closes it where the run ended", () => {
    const sleeping: TimelineEntry[] = [
      { at: at(0), type: "created" },
      { at: at(1), type: "sleeping", step: "wait-a-day", detail: "until 2030-01-01" },
    ];
    const going = picture(sleeping, t(10));
    expect(going.bars).toMatchObject([
      { kind: "sleep", start: t(1), end: t(10), open: true, outcome: "until 2030-01-01" },
    ]);
    expect(going.to).toBe(t(10));
    const cancelled = picture(
      [...sleeping, { at: at(4), type: "cancel.requested" }, { at: at(4), type: "cancelled" }],
      t(10),
    );
    expect(cancelled.bars).toMatchObject([{ kind: "sleep", end: t(4), open: false }]);
    expect(cancelled.to).toBe(t(4));
  });

  it("pairs waits with their outcome", () => {
    const p = picture(
      [
        { at: at(0), type: "waiting", step: "approval" },
        { at: at(2), type: "wait.timed_out", step: "approval" },
      ],
      t(5),
    );
    expect(p.bars).toMatchObject([{ kind: "wait", start: t(0), end: t(2), outcome: "timed out" }]);
  });

  it("draws a step.invoke as a wait for the invoked run", () => {
    const p = picture(
      [
        { at: at(0), type: "invoking", step: "call", detail: "app-child until 2025-01-01" },
        { at: at(3), type: "invoke.cancelled", step: "call", detail: "run r2 cancelled (api)" },
      ],
      t(5),
    );
    expect(p.bars).toMatchObject([
      { kind: "wait", label: "call", start: t(0), end: t(3), outcome: "invoked run cancelled" },
    ]);
  });

  it("draws a rescheduled sleep up to its new time, marks the reschedule, and ends where it woke", () => {
    const sleeping: TimelineEntry[] = [
      { at: at(0), type: "created" },
      { at: at(1), type: "sleeping", step: "nap", detail: `until ${at(3600)}` },
      { at: at(10), type: "rescheduled", step: "nap", detail: `from ${at(3600)} to ${at(15)}` },
    ];
    const moved = picture(sleeping, t(12));
    expect(moved.bars).toMatchObject([
      { kind: "sleep", start: t(1), end: t(15), open: true, outcome: `until ${at(15)}` },
    ]);
    expect(moved.to).toBe(t(15));
    expect(moved.marks).toMatchObject([
      { kind: "rescheduled", at: t(10), label: `rescheduled from ${at(3600)} to ${at(15)}` },
    ]);
    const woke = picture(
      [...sleeping, { at: at(15), type: "woke", step: "nap" }, { at: at(16), type: "completed" }],
      t(20),
    );
    expect(woke.bars).toMatchObject([{ kind: "sleep", start: t(1), end: t(15), open: false }]);
    // Before the reschedule, an hour ahead is far: drawn up to now.
    expect(picture(sleeping.slice(0, 2), t(12)).bars).toMatchObject([{ end: t(12) }]);
  });
});
