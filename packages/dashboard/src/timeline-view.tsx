import { span } from "./format";
import { type Bar, type Mark, picture } from "./timeline";
import type { TimelineEntry } from "./wire";

const WIDTH = 1000;
const LABELS = 230;
const ROW = 30;
const TOP = 56;
const CHART = WIDTH - LABELS - 20;

const FILL: Record<Bar["kind"], string> = { step: "#2454c7", sleep: "#8fb0f0", wait: "#b78be0" };
const STROKE: Record<Mark["kind"], string> = {
  cancel: "#b42318",
  settled: "#a15c00",
  rescheduled: "#0b7a53",
  end: "#1d2330",
};

/**
 * The timeline as a picture: one row per step, sleep or wait; vertical lines where a cancel was
 * requested, where the step in flight settled after it, and where the run ended. The same facts
 * are listed as text below it for screen readers and copying.
 */
export const TimelinePicture = ({
  entries,
  now,
}: {
  entries: readonly TimelineEntry[];
  now: number;
}) => {
  const p = picture(entries, now);
  const x = (t: number): number => LABELS + ((t - p.from) / (p.to - p.from)) * CHART;
  const height = TOP + Math.max(p.bars.length, 1) * ROW + 30;
  const summary = [
    ...p.bars.map((b) => `${b.kind} ${b.label}: ${span(b.end - b.start)}, ${b.outcome}`),
    ...p.marks.map((m) => `${m.label} at +${span(m.at - p.from)}`),
  ].join("; ");
  return (
    <figure className="timeline card">
      {/* At phone width the picture keeps a legible size and scrolls inside this frame. */}
      <div className="timeline-frame">
        <svg viewBox={`0 0 ${WIDTH} ${height}`} role="img" aria-label={`Timeline: ${summary}`}>
          {[0, 0.25, 0.5, 0.75, 1].map((f) => (
            <g key={f}>
              <line
                x1={LABELS + f * CHART}
                x2={LABELS + f * CHART}
                y1={TOP - 8}
                y2={height - 24}
                stroke="#e3e6ec"
              />
              <text
                x={LABELS + f * CHART}
                y={height - 8}
                fontSize="12"
                textAnchor="middle"
                fill="#5b6475"
              >
                +{span(f * (p.to - p.from))}
              </text>
            </g>
          ))}
          {p.bars.map((bar, i) => (
            <g key={`${bar.label}-${bar.start}`} data-bar={bar.kind}>
              <text
                x={LABELS - 8}
                y={TOP + i * ROW + 19}
                fontSize="13"
                textAnchor="end"
                fill="#1d2330"
              >
                {bar.kind === "step" ? "" : `${bar.kind}: `}
                {bar.label.length > 28 ? `${bar.label.slice(0, 27)}…` : bar.label}
              </text>
              <rect
                x={x(bar.start)}
                y={TOP + i * ROW + 5}
                width={Math.max(x(bar.end) - x(bar.start), 3)}
                height={ROW - 10}
                rx="3"
                fill={FILL[bar.kind]}
                strokeDasharray={bar.open ? "4 3" : undefined}
                stroke={bar.open ? "#1d2330" : "none"}
              >
                <title>{`${bar.label}: ${span(bar.end - bar.start)}, ${bar.outcome}`}</title>
              </rect>
            </g>
          ))}
          {p.marks.map((mark, i) => (
            <g key={`${mark.kind}-${mark.at}`} data-mark={mark.kind}>
              <line
                x1={x(mark.at)}
                x2={x(mark.at)}
                y1={TOP - 10}
                y2={height - 24}
                stroke={STROKE[mark.kind]}
                strokeWidth="2"
                strokeDasharray={mark.kind === "end" ? undefined : "5 3"}
              />
              <text
                x={Math.min(x(mark.at) + 4, WIDTH - 4)}
                y={14 + (i % 3) * 14}
                fontSize="12"
                textAnchor={x(mark.at) > WIDTH - 200 ? "end" : "start"}
                fill={STROKE[mark.kind]}
              >
                {mark.label}
              </text>
            </g>
          ))}
        </svg>
      </div>
      <figcaption className="legend">
        <span className="swatch step" /> step <span className="swatch sleep" /> sleep{" "}
        <span className="swatch wait" /> wait <span className="swatch cancel" /> cancel requested{" "}
        <span className="swatch settled" /> step settled after the cancel{" "}
        <span className="swatch rescheduled" /> sleep rescheduled · dashed bar: still going
      </figcaption>
    </figure>
  );
};
