import type { TimelineEntry } from "./wire";

// A run's timeline entries (docs/http.md) as a picture: what ran when, on one time axis.

export interface Bar {
  readonly label: string;
  readonly kind: "step" | "sleep" | "wait";
  readonly start: number;
  readonly end: number;
  /** Still going when the picture was drawn. */
  readonly open: boolean;
  readonly outcome: string;
}

export interface Mark {
  readonly at: number;
  readonly kind: "cancel" | "settled" | "rescheduled" | "end";
  readonly label: string;
}

export interface Picture {
  readonly from: number;
  readonly to: number;
  readonly bars: readonly Bar[];
  readonly marks: readonly Mark[];
}

const OPENS: Record<string, Bar["kind"]> = {
  "step.started": "step",
  sleeping: "sleep",
  waiting: "wait",
  invoking: "wait",
};
const CLOSES: Record<string, string> = {
  "step.completed": "completed",
  "step.failed": "failed",
  "step.settled_after_cancel": "settled after the cancel",
  woke: "woke",
  "wait.resolved": "event arrived",
  "wait.timed_out": "timed out",
  "invoke.completed": "invoked run completed",
  "invoke.failed": "invoke failed",
  "invoke.cancelled": "invoked run cancelled",
  "invoke.timed_out": "timed out",
};
/** When a sleep is to end: `until <time>` (sleeping) or `from <old> to <new>` (rescheduled). */
const plannedEnd = (detail: string | undefined): number | null => {
  const time = /(?:until|to) (\S+)$/.exec(detail ?? "")?.[1];
  const ms = time === undefined ? Number.NaN : Date.parse(time);
  return Number.isNaN(ms) ? null : ms;
};

/** How far ahead a sleep's end is still drawn (rather than the sleep drawn up to now). */
const NEAR_MS = 10 * 60_000;

const ENDS = new Set(["completed", "failed", "cancelled", "skipped"]);

/**
 * Bars for steps, sleeps and waits; marks for the cancel request, the in-flight step settling
 * after it, and the end. `now` closes what is still open (a sleep until 2030 is drawn up to now).
 */
export const picture = (entries: readonly TimelineEntry[], now: number): Picture => {
  const bars: Bar[] = [];
  const marks: Mark[] = [];
  const open = new Map<
    string,
    { kind: Bar["kind"]; start: number; detail: string; planned: number | null }
  >();
  let ended: number | null = null;
  for (const entry of entries) {
    const at = Date.parse(entry.at);
    const step = entry.step ?? "";
    const opens = OPENS[entry.type];
    const closes = CLOSES[entry.type];
    if (opens !== undefined) {
      open.set(step, {
        kind: opens,
        start: at,
        detail: entry.detail ?? "",
        planned: opens === "sleep" ? plannedEnd(entry.detail) : null,
      });
    } else if (closes !== undefined) {
      const started = open.get(step);
      open.delete(step);
      const kind = started?.kind ?? "step";
      bars.push({
        label: step,
        kind,
        start: started?.start ?? at,
        end: at,
        open: false,
        outcome: closes,
      });
      if (entry.type === "step.settled_after_cancel") {
        marks.push({ at, kind: "settled", label: `${step} settled` });
      }
    } else if (entry.type === "rescheduled") {
      const planned = plannedEnd(entry.detail);
      const sleep = open.get(step);
      if (sleep !== undefined && planned !== null) {
        open.set(step, { ...sleep, detail: `until ${new Date(planned).toISOString()}`, planned });
      }
      marks.push({ at, kind: "rescheduled", label: `rescheduled ${entry.detail ?? ""}`.trim() });
    } else if (entry.type === "cancel.requested") {
      marks.push({ at, kind: "cancel", label: `cancel requested (${entry.detail ?? "?"})` });
    } else if (ENDS.has(entry.type)) {
      ended = at;
      marks.push({ at, kind: "end", label: entry.type });
    }
  }
  const from = entries.length > 0 ? Date.parse(entries[0]?.at ?? "") : now;
  const last = entries.length > 0 ? Date.parse(entries[entries.length - 1]?.at ?? "") : now;
  // A sleep still going is drawn up to when it is to end if that is near (within ten minutes, or
  // the span the picture already shows), else up to now: a sleep until 2030 would flatten the rest.
  const near = (o: { planned: number | null }): number | null =>
    o.planned !== null && o.planned > now && o.planned - now <= Math.max(now - from, NEAR_MS)
      ? o.planned
      : null;
  const ahead = ended === null ? [...open.values()].map(near).filter((t) => t !== null) : [];
  const to = Math.max(ended ?? now, last, from + 1, ...ahead);
  for (const [label, o] of open) {
    const end = ended ?? near(o) ?? Math.max(now, last, from + 1);
    bars.push({
      label,
      kind: o.kind,
      start: o.start,
      end,
      open: ended === null,
      outcome: ended === null ? (o.detail === "" ? "in progress" : o.detail) : "ended with the run",
    });
  }
  bars.sort((a, b) => a.start - b.start);
  return { from, to, bars, marks };
};
