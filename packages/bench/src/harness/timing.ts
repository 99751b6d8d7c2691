/** Wall time in ns since an arbitrary origin. */
export const nowNs = (): number => Number(process.hrtime.bigint());

/** CPU time (user + system) of this process in ns; µs resolution on Linux. */
export const cpuNs = (): number => {
  const { user, system } = process.cpuUsage();
  return (user + system) * 1_000;
};

/** Wall and CPU time of one measured stretch, in ns. */
export interface Elapsed {
  readonly wall: number;
  readonly cpu: number;
}

/**
 * Start measuring; call the result to read the time elapsed. Scenarios report CPU time, which
 * other processes on a shared machine do not inflate (they only preempt us, which wall time
 * counts), and which does count this process's GC threads: the cost, not the luck of the slot.
 */
export const stopwatch = (): (() => Elapsed) => {
  const wall = nowNs();
  const cpu = cpuNs();
  return () => ({ wall: nowNs() - wall, cpu: cpuNs() - cpu });
};

/** Per-item times of batches (each batch's time divided by its size), for `summarize`. */
export const perItem = (batches: readonly { elapsed: Elapsed; items: number }[]) => ({
  cpu: batches.map((b) => b.elapsed.cpu / b.items),
  wall: batches.map((b) => b.elapsed.wall / b.items),
});

/** Collect garbage if node runs with `--expose-gc` (the runner always does). */
export const collectGarbage = (): void => {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined) throw new Error("run node with --expose-gc");
  for (let i = 0; i < 3; i++) gc();
};

export interface Summary {
  /** What the bench reports: every sample counts (a GC pause is part of the cost). */
  readonly mean: number;
  readonly p50: number;
  readonly p99: number;
  /** Lowest and highest mean of `CHUNKS` consecutive stretches: how steady the run was. */
  readonly spread: readonly [number, number];
}

/** Stretches a measurement is cut into to show its spread. */
export const CHUNKS = 5;

const meanOf = (xs: readonly number[]): number => xs.reduce((sum, x) => sum + x, 0) / xs.length;

/** Summarise timings (ns, in the order taken). */
export const summarize = (samples: readonly number[]): Summary => {
  if (samples.length === 0) throw new Error("no samples");
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number): number =>
    sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
  const size = Math.ceil(samples.length / CHUNKS);
  const chunkMeans: number[] = [];
  for (let i = 0; i < samples.length; i += size) {
    chunkMeans.push(meanOf(samples.slice(i, i + size)));
  }
  const spread = [Math.min(...chunkMeans), Math.max(...chunkMeans)] as const;
  return { mean: meanOf(samples), p50: at(0.5), p99: at(0.99), spread };
};

/** A small seeded PRNG (mulberry32): the same targets on every run of the bench. */
export const randomSource = (seed: number): (() => number) => {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
};
