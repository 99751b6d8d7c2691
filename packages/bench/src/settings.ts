import type { HttpSettings } from "./scenarios/http";
import type { RemoteSettings } from "./scenarios/remote";
import type { TakeoverSettings } from "./scenarios/takeover";
import type { WakeSettings } from "./scenarios/wake";
import type { Mode } from "./types";

/** Sizes and sample counts of every scenario, for one mode. */
export interface Settings {
  /** Pending listeners (sleeping runs) at which one matching cancel event is timed. */
  readonly matchSizes: readonly number[];
  /** Timed events per size. */
  readonly matchEvents: number;
  /**
   * Untimed events before any timing (match, cancels, fallback use it as is): the first
   * thousands run before the JIT has compiled the hot path, which would make small sizes,
   * seeded quickly, look slower than large ones.
   */
  readonly warmupEvents: number;
  /** Untimed runs before the end-to-end throughputs. */
  readonly warmupRuns: number;
  /** Sleeping runs, events in all, and events per `send` for the throughput of cancels. */
  readonly cancelsPending: number;
  readonly cancelsEvents: number;
  readonly cancelsBatch: number;
  /** Sleeping runs created through the engine before the heap is measured. */
  readonly heapRuns: number;
  /** Sleeping runs seeded into one process's store for its heap (issue 14: a million). */
  readonly seededSleepingRuns: number;
  /** Runs for the end-to-end throughputs, sent `runsBatch` at a time. */
  readonly oneStepRuns: number;
  readonly sleepCancelRuns: number;
  readonly runsBatch: number;
  /** Sizes and timed events for the fallback (no usable equality: evaluated per candidate). */
  readonly fallbackSizes: readonly number[];
  readonly fallbackEvents: number;
  /** Items (runs or jobs) per measurement of Quell on Redis against BullMQ. */
  readonly redisItems: number;
  /** HTTP server: seconds of load per server (after untimed warm-up), connections, runs cancelled. */
  readonly http: HttpSettings;
  /** Takeover after SIGKILL: leases measured (`--lease`; the first is the default) and samples. */
  readonly takeover: TakeoverSettings;
  /** Latency across processes: samples of each figure. */
  readonly wake: WakeSettings;
  /** One-step runs of an inngest SDK app (remote) beside the in-process function. */
  readonly remote: RemoteSettings;
}

const full: Settings = {
  matchSizes: [1_000, 10_000, 100_000, 1_000_000],
  matchEvents: 10_000,
  warmupEvents: 5_000,
  warmupRuns: 5_000,
  cancelsPending: 100_000,
  cancelsEvents: 40_000,
  cancelsBatch: 100,
  heapRuns: 100_000,
  seededSleepingRuns: 1_000_000,
  oneStepRuns: 40_000,
  sleepCancelRuns: 40_000,
  runsBatch: 500,
  fallbackSizes: [1_000, 10_000],
  fallbackEvents: 100,
  redisItems: 5_000,
  http: { seconds: 5, warmupSeconds: 2, connections: 50, cancelRuns: 2_000 },
  takeover: { leases: ["10s", "2s"], samples: 3 },
  wake: { samples: 200 },
  remote: { runs: 3_000, batch: 100, latencyRuns: 200 },
};

const quick: Settings = {
  matchSizes: [1_000, 10_000, 100_000],
  matchEvents: 2_000,
  warmupEvents: 2_000,
  warmupRuns: 2_000,
  cancelsPending: 100_000,
  cancelsEvents: 5_000,
  cancelsBatch: 100,
  heapRuns: 20_000,
  seededSleepingRuns: 100_000,
  oneStepRuns: 5_000,
  sleepCancelRuns: 5_000,
  runsBatch: 500,
  fallbackSizes: [1_000, 10_000],
  fallbackEvents: 20,
  redisItems: 1_000,
  http: { seconds: 2, warmupSeconds: 1, connections: 50, cancelRuns: 300 },
  takeover: { leases: ["10s"], samples: 1 },
  wake: { samples: 50 },
  remote: { runs: 500, batch: 100, latencyRuns: 50 },
};

export const settingsFor = (mode: Mode): Settings => (mode === "full" ? full : quick);
