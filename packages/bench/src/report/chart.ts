import type { ChartPoint } from "../types";

const W = 720;
const H = 420;
const M = { left: 80, right: 30, top: 50, bottom: 60 };
const COLORS = { indexed: "#2563eb", fallback: "#ea580c", target: "#16a34a" } as const;
const LABELS = {
  indexed: "indexed (equality in the expression)",
  fallback: "fallback (evaluated per candidate)",
} as const;

const escapeXml = (s: string): string => s.replace(/&/g, "&amp;").replace(/</g, "&lt;");

/** "1 µs", "10 ms": a duration given in ns. */
export const formatNs = (ns: number): string => {
  if (ns >= 1e6) return `${Number((ns / 1e6).toPrecision(3))} ms`;
  if (ns >= 1e3) return `${Number((ns / 1e3).toPrecision(3))} µs`;
  return `${Math.round(ns)} ns`;
};

const formatCount = (n: number): string =>
  n >= 1e6 ? `${n / 1e6}M` : n >= 1e3 ? `${n / 1e3}k` : String(n);

/** A log scale from [lo, hi] (decades) onto [a, b] pixels. */
const logScale = (lo: number, hi: number, a: number, b: number) => (v: number) =>
  a + ((Math.log10(v) - lo) / (hi - lo)) * (b - a);

/**
 * Cost per event against pending listeners, both axes logarithmic, as standalone SVG text:
 * a flat line is the goal (SPEC R7); the dashed line is the flatness budget (3 × the cost at
 * the smallest size).
 */
export const renderChart = (points: readonly ChartPoint[], title: string): string => {
  if (points.length === 0) return "";
  const xs = points.map((p) => p.pending);
  const ys = points.map((p) => p.nsPerEvent);
  const xLo = Math.floor(Math.log10(Math.min(...xs))) - 0.3;
  const xHi = Math.ceil(Math.log10(Math.max(...xs))) + 0.3;
  const indexed = points
    .filter((p) => p.series === "indexed")
    .sort((a, b) => a.pending - b.pending);
  const budget = indexed[0] === undefined ? null : indexed[0].nsPerEvent * 3;
  const yLo = Math.floor(Math.log10(Math.min(...ys)));
  const yHi = Math.ceil(Math.log10(Math.max(...ys, budget ?? 0)));
  const x = logScale(xLo, xHi, M.left, W - M.right);
  const y = logScale(yLo, yHi, H - M.bottom, M.top);
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="system-ui, sans-serif" font-size="12">`,
    `<rect width="${W}" height="${H}" fill="#ffffff"/>`,
    `<text x="${W / 2}" y="24" text-anchor="middle" font-size="15" font-weight="600">${escapeXml(title)}</text>`,
  ];
  for (let d = Math.ceil(xLo); d <= Math.floor(xHi); d++) {
    const px = x(10 ** d).toFixed(1);
    out.push(`<line x1="${px}" y1="${M.top}" x2="${px}" y2="${H - M.bottom}" stroke="#e5e7eb"/>`);
    out.push(
      `<text x="${px}" y="${H - M.bottom + 18}" text-anchor="middle">${formatCount(10 ** d)}</text>`,
    );
  }
  for (let d = yLo; d <= yHi; d++) {
    const py = y(10 ** d).toFixed(1);
    out.push(`<line x1="${M.left}" y1="${py}" x2="${W - M.right}" y2="${py}" stroke="#e5e7eb"/>`);
    out.push(
      `<text x="${M.left - 8}" y="${py}" text-anchor="end" dominant-baseline="middle">${formatNs(10 ** d)}</text>`,
    );
  }
  out.push(
    `<text x="${(M.left + W - M.right) / 2}" y="${H - 18}" text-anchor="middle">pending listeners (sleeping runs), log scale</text>`,
    `<text transform="translate(18 ${(M.top + H - M.bottom) / 2}) rotate(-90)" text-anchor="middle">cost per cancel event, log scale</text>`,
  );
  if (budget !== null) {
    const py = y(budget).toFixed(1);
    out.push(
      `<line x1="${M.left}" y1="${py}" x2="${W - M.right}" y2="${py}" stroke="${COLORS.target}" stroke-dasharray="6 4"/>`,
      `<text x="${W - M.right - 4}" y="${Number(py) - 6}" text-anchor="end" fill="${COLORS.target}">flatness budget: 3 × cost at ${formatCount(indexed[0]?.pending ?? 0)}</text>`,
    );
  }
  for (const series of ["indexed", "fallback"] as const) {
    const line = points.filter((p) => p.series === series).sort((a, b) => a.pending - b.pending);
    if (line.length === 0) continue;
    const coords = line.map((p) => `${x(p.pending).toFixed(1)},${y(p.nsPerEvent).toFixed(1)}`);
    out.push(
      `<polyline points="${coords.join(" ")}" fill="none" stroke="${COLORS[series]}" stroke-width="2"/>`,
    );
    for (const p of line) {
      const px = x(p.pending).toFixed(1);
      const py = y(p.nsPerEvent).toFixed(1);
      out.push(`<circle cx="${px}" cy="${py}" r="4" fill="${COLORS[series]}"/>`);
      out.push(
        `<text x="${px}" y="${Number(py) - 10}" text-anchor="middle" fill="${COLORS[series]}">${formatNs(p.nsPerEvent)}</text>`,
      );
    }
  }
  const legend = (["indexed", "fallback"] as const).filter((s) =>
    points.some((p) => p.series === s),
  );
  legend.forEach((series, i) => {
    const ly = M.top + 8 + i * 18;
    out.push(
      `<rect x="${M.left + 10}" y="${ly - 5}" width="14" height="4" fill="${COLORS[series]}"/>`,
      `<text x="${M.left + 30}" y="${ly}" dominant-baseline="middle">${LABELS[series]}</text>`,
    );
  });
  out.push("</svg>");
  return `${out.join("\n")}\n`;
};
