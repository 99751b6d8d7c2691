import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { summarize } from "../src/harness/timing";
import { renderBullmqChart } from "../src/report/bullmq-chart";
import { formatNs, renderChart } from "../src/report/chart";
import { END, START, updateDocs } from "../src/report/docs";
import { flatnessRows } from "../src/report/flatness";
import { summarizeProfile } from "../src/report/profile-summary";
import { markdownTable, targetsTable, textTable } from "../src/report/table";
import { verdict } from "../src/report/targets";
import type { ChartPoint } from "../src/types";

const points: ChartPoint[] = [
  { series: "indexed", pending: 1_000_000, nsPerEvent: 60_000 },
  { series: "indexed", pending: 1_000, nsPerEvent: 30_000 },
  { series: "fallback", pending: 10_000, nsPerEvent: 15_000_000 },
];

describe("flatness", () => {
  it("divides the largest size's cost by the smallest's, indexed series only", () => {
    expect(flatnessRows(points)).toEqual([
      { name: "match_flatness", value: 2, unit: "ratio P1000000/P1000" },
    ]);
    expect(flatnessRows(points.slice(0, 1))).toEqual([]);
  });
});

describe("targets", () => {
  it("judges each bound in its direction and leaves other rows alone", () => {
    expect(verdict({ name: "match_flatness", value: 3, unit: "" })).toBe("met");
    expect(verdict({ name: "match_flatness", value: 3.1, unit: "" })).toBe("missed");
    expect(verdict({ name: "cancels_per_s_P100000", value: 99_999, unit: "" })).toBe("missed");
    expect(verdict({ name: "runs_per_s_one_step", value: 20_000, unit: "" })).toBe("met");
    expect(verdict({ name: "runs_per_s_sleep_cancel", value: 1, unit: "" })).toBe("");
  });
});

describe("tables", () => {
  const rows = [
    { name: "heap_bytes_per_sleeping_run", value: 1_500, unit: "bytes" },
    { name: "match_flatness", value: 1.5, unit: "ratio" },
  ];
  it("prints one line per row with its target and verdict", () => {
    const lines = textTable(rows).split("\n");
    expect(lines).toHaveLength(4);
    expect(lines[2]).toMatch(/^heap_bytes_per_sleeping_run\s+1,500\s+bytes\s+≤ 1,024\s+missed$/);
    expect(lines[3]).toMatch(/1\.50\s+ratio\s+≤ 3\s+met$/);
  });
  it("states each target's gap in its direction", () => {
    const judged = targetsTable([
      ...rows,
      { name: "runs_per_s_one_step", value: 8_000, unit: "runs/s" },
      { name: "runs_per_s_sleep_cancel", value: 1, unit: "runs/s" },
    ]).split("\n");
    expect(judged).toHaveLength(5);
    expect(judged[2]).toBe(
      "| `heap_bytes_per_sleeping_run` ≤ 1,024 | 1,500 | missed | 46 % over |",
    );
    expect(judged[3]).toBe("| `match_flatness` ≤ 3 | 1.50 | met | — |");
    expect(judged[4]).toBe("| `runs_per_s_one_step` ≥ 20,000 | 8,000 | missed | 2.5× short |");
  });
  it("renders the same rows as Markdown", () => {
    expect(markdownTable(rows)).toContain(
      "| heap_bytes_per_sleeping_run | 1,500 | bytes | ≤ 1,024 | missed |",
    );
  });
});

describe("chart", () => {
  it("draws both series on log axes, smaller costs lower", () => {
    const svg = renderChart(points, "title & more");
    expect(svg.startsWith("<svg")).toBe(true);
    expect(svg).toContain("title &amp; more");
    expect(svg).toContain("indexed (equality in the expression)");
    expect(svg).toContain("fallback (evaluated per candidate)");
    expect(svg).toContain("flatness budget");
    const circles = [...svg.matchAll(/<circle cx="([\d.]+)" cy="([\d.]+)"/g)].map((m) => ({
      x: Number(m[1]),
      y: Number(m[2]),
    }));
    expect(circles).toHaveLength(3);
    const [small, large, fallback] = circles;
    expect(small && large && small.x < large.x && small.y > large.y).toBe(true);
    expect(fallback && large && fallback.y < large.y).toBe(true);
  });
  it("is empty without points, and formats durations by magnitude", () => {
    expect(renderChart([], "t")).toBe("");
    expect([formatNs(950), formatNs(12_300), formatNs(4_560_000)]).toEqual([
      "950 ns",
      "12.3 µs",
      "4.56 ms",
    ]);
  });
});

describe("docs", () => {
  it("replaces only the text between the markers", async () => {
    const path = join(await mkdtemp(join(tmpdir(), "bench-docs-")), "benchmarks.md");
    await writeFile(path, `# Title\nprose\n${START}\nold\n${END}\nafter\n`);
    expect(await updateDocs(path, "new table")).toBe(true);
    expect(await readFile(path, "utf8")).toBe(
      `# Title\nprose\n${START}\nnew table\n${END}\nafter\n`,
    );
  });
  it("leaves a file without markers, or no file, alone", async () => {
    const path = join(await mkdtemp(join(tmpdir(), "bench-docs-")), "benchmarks.md");
    expect(await updateDocs(path, "x")).toBe(false);
    await writeFile(path, "no markers\n");
    expect(await updateDocs(path, "x")).toBe(false);
    expect(await readFile(path, "utf8")).toBe("no markers\n");
  });
});

describe("profile summary", () => {
  it("ranks self and inclusive time and leaves out the profiler's own samples", () => {
    const frame = (functionName: string, url = "file:///x/engine.ts") => ({ functionName, url });
    const summary = summarizeProfile(
      {
        nodes: [
          { id: 1, callFrame: frame("(root)", ""), children: [2, 4] },
          { id: 2, callFrame: frame("outer"), children: [3] },
          { id: 3, callFrame: frame("inner") },
          { id: 4, callFrame: frame("post", "node:inspector") },
        ],
        samples: [3, 3, 2, 4],
        timeDeltas: [100, 100, 200, 1_000],
      },
      5,
    );
    expect(summary.totalMs).toBe(0.4);
    expect(summary.self).toEqual([
      { frame: "inner engine.ts", share: 0.5 },
      { frame: "outer engine.ts", share: 0.5 },
    ]);
    expect(summary.inclusive[0]).toEqual({ frame: "outer engine.ts", share: 1 });
  });
});

describe("summaries", () => {
  it("counts every sample in the mean and shows the spread of five stretches", () => {
    const samples = [...Array(40).fill(10), ...Array(10).fill(1_000)];
    const summary = summarize(samples);
    expect(summary.mean).toBeCloseTo(208);
    expect(summary.p50).toBe(10);
    expect(summary.p99).toBe(1_000);
    expect(summary.spread).toEqual([10, 1_000]);
  });
});

describe("the BullMQ chart", () => {
  const rows = [
    { name: "redis_quell_schedule_per_sec", value: 1_500, unit: "" },
    { name: "redis_bullmq_delayed_add_per_sec", value: 20_000, unit: "" },
    { name: "redis_quell_one_step_per_sec", value: 900, unit: "" },
    { name: "redis_bullmq_noop_per_sec", value: 9_000, unit: "" },
  ];

  it("draws a pair of bars per operation both sides measured, the longest the fastest", () => {
    const svg = renderBullmqChart(rows, "Quell & BullMQ");
    expect(svg).toContain("Quell &amp; BullMQ");
    expect(svg).toContain("Quell 1.5k/s");
    expect(svg).toContain("BullMQ 20k/s");
    expect(svg).toContain("Quell 900/s");
    expect(svg).not.toContain("cancel");
    const widths = [...svg.matchAll(/<rect x="\d+" y="[\d.]+" width="([\d.]+)"/g)].map((m) =>
      Number(m[1]),
    );
    expect(widths).toHaveLength(4);
    expect(Math.max(...widths)).toBe(widths[1]);
  });

  it("is empty when the run measured no Redis rows", () => {
    expect(renderBullmqChart([], "none")).toBe("");
  });
});
