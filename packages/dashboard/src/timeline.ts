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
  readonly kind: "cancel" | "settled" | "end";
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
const ENDS = new Set(["completed", "failed", "cancelled", "skipped"]);

/**
 * Bars for steps, sleeps and waits; marks for the cancel request, the in-flight step settling
 * after it, and the end. `now` closes what is still open (a sleep until 2030 is drawn up to now).
 */
export const picture = (entries: readonly TimelineEntry[], now: number): Picture => {
  const bars: Bar[] = [];
  const marks: Mark[] = [];
  const open = new Map<string, { kind: Bar["kind"]; start: number; detail: string }>();
  let ended: number | null = null;
  for (const entry of entries) {
    const at = Date.parse(entry.at);
    const step = entry.step ?? "";
    const opens = OPENS[entry.type];
    const closes = CLOSES[entry.type];
    if (opens !== undefined) {
      open.set(step, { kind: opens, start: at, detail: entry.detail ?? "" });
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
    } else if (entry.type === "cancel.requested") {
      marks.push({ at, kind: "cancel", label: `cancel requested (${entry.detail ?? "?"})` });
    } else if (ENDS.has(entry.type)) {
      ended = at;
      marks.push({ at, kind: "end", label: entry.type });
    }
  }
  const from = entries.length > 0 ? Date.parse(entries[0]?.at ?? "") : now;
  const last = entries.length > 0 ? Date.parse(entries[entries.length - 1]?.at ?? "") : now;
  const to = Math.max(ended ?? now, last, from + 1);
  for (const [label, o] of open) {
    const end = ended ?? to;
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
