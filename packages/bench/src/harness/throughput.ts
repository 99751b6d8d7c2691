import { type Elapsed, perItem, type Summary, summarize } from "./timing";

/** One timed batch of a throughput scenario. */
export interface Batch {
  readonly elapsed: Elapsed;
  readonly items: number;
}

export interface Throughput {
  /** Items per CPU second: batches' CPU time over their items, all batches counted. */
  readonly perSecond: number;
  readonly cpu: Summary;
  readonly wall: Summary;
}

export const throughput = (batches: readonly Batch[]): Throughput => {
  const { cpu, wall } = perItem(batches);
  const items = batches.reduce((sum, b) => sum + b.items, 0);
  const cpuNs = batches.reduce((sum, b) => sum + b.elapsed.cpu, 0);
  return { perSecond: items / (cpuNs / 1e9), cpu: summarize(cpu), wall: summarize(wall) };
};

const us = (ns: number): string => (ns / 1e3).toFixed(1);

/** "57.7 µs cpu each (stretches 50.1–60.3), 52.0 µs wall" */
export const describeThroughput = (t: Throughput): string =>
  `${us(1e9 / t.perSecond)} µs cpu each (stretches ${us(t.cpu.spread[0])}–${us(t.cpu.spread[1])}), ${us(t.wall.mean)} µs wall`;
