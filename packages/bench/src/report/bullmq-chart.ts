import type { Row } from "../types";

const W = 720;
const H = 300;
const M = { left: 190, right: 120, top: 50, bottom: 40 };
const BAR = 18;
const COLORS = { quell: "#2563eb", bullmq: "#9ca3af" } as const;

/** The three operations side by side: Quell's row and BullMQ's row for each, per second. */
const PAIRS = [
  {
    label: "schedule",
    detail: "sleeping run / delayed job",
    quell: "redis_quell_schedule_per_sec",
    bullmq: "redis_bullmq_delayed_add_per_sec",
  },
  {
    label: "cancel",
    detail: "cancelOn event / remove",
    quell: "redis_quell_cancel_per_sec",
    bullmq: "redis_bullmq_remove_per_sec",
  },
  {
    label: "one step",
    detail: "one-step run / no-op job",
    quell: "redis_quell_one_step_per_sec",
    bullmq: "redis_bullmq_noop_per_sec",
  },
] as const;

const formatRate = (n: number): string =>
  n >= 1000 ? `${Number((n / 1000).toPrecision(3))}k/s` : `${Math.round(n)}/s`;

/**
 * Quell on Redis beside BullMQ on the same Redis, as standalone SVG text: one pair of
 * horizontal bars per operation, on one linear scale. Empty when the run measured neither.
 */
export const renderBullmqChart = (rows: readonly Row[], title: string): string => {
  const value = (name: string): number | undefined => rows.find((r) => r.name === name)?.value;
  const pairs = PAIRS.flatMap((pair) => {
    const quell = value(pair.quell);
    const bullmq = value(pair.bullmq);
    return quell === undefined || bullmq === undefined ? [] : [{ ...pair, quell, bullmq }];
  });
  if (pairs.length === 0) return "";
  const max = Math.max(...pairs.flatMap((p) => [p.quell, p.bullmq]));
  const width = (n: number): number => (n / max) * (W - M.left - M.right);
  const step = (H - M.top - M.bottom) / pairs.length;
  const out = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="system-ui, sans-serif" font-size="12">`,
    `<rect width="${W}" height="${H}" fill="#ffffff"/>`,
    `<text x="${W / 2}" y="24" text-anchor="middle" font-size="15" font-weight="600">${title.replace(/&/g, "&amp;").replace(/</g, "&lt;")}</text>`,
  ];
  pairs.forEach((pair, i) => {
    const top = M.top + i * step;
    out.push(
      `<text x="${M.left - 10}" y="${top + 14}" text-anchor="end" font-weight="600">${pair.label}</text>`,
      `<text x="${M.left - 10}" y="${top + 32}" text-anchor="end" fill="#4b5563">${pair.detail}</text>`,
    );
    for (const [j, side] of (["quell", "bullmq"] as const).entries()) {
      const y = top + j * (BAR + 4);
      const n = pair[side];
      out.push(
        `<rect x="${M.left}" y="${y}" width="${width(n).toFixed(1)}" height="${BAR}" fill="${COLORS[side]}"/>`,
        `<text x="${(M.left + width(n) + 6).toFixed(1)}" y="${y + 13}">${side === "quell" ? "Quell" : "BullMQ"} ${formatRate(n)}</text>`,
      );
    }
  });
  out.push(
    `<text x="20" y="${H - 12}" fill="#4b5563">Same machine and redis-server, one process each side, concurrency 50. Higher is better.</text>`,
    "</svg>",
  );
  return `${out.join("\n")}\n`;
};
