import type { Settings } from "../settings";
import type { ScenarioResult } from "../types";
import { calibrationTask } from "./calibration";
import { cancelsTask } from "./cancels";
import { fallbackTask } from "./fallback";
import { heapTask } from "./heap";
import { httpTask } from "./http";
import { matchTask } from "./match";
import { millionTask } from "./million";
import { oneStepTask } from "./one-step";
import { run as redisVsBullmq } from "./redis-vs-bullmq";
import { remoteTask } from "./remote";
import { sleepCancelTask } from "./sleep-cancel";
import { takeoverTask } from "./takeover";
import { wakeTask } from "./wake";

/** One measurement, run in its own process so no scenario inherits another's heap. */
export interface Task {
  readonly id: string;
  /** Measures the heap of the process holding the store: only for stores that live there. */
  readonly measuresHeap?: true;
  /** Old-space limit for its process (a million sleeping runs need a few GB). */
  readonly heapMb: number;
  run(): Promise<ScenarioResult>;
}

const heapFor = (pending: number): number => Math.max(1_024, Math.ceil(pending / 1_000) * 6);

/** Every task for these settings; heap tasks only where the store lives in the measured process. */
export const tasksFor = (s: Settings, measuresHeap = true): Task[] =>
  allTasks(s).filter((task) => measuresHeap || task.measuresHeap !== true);

const allTasks = (s: Settings): Task[] => [
  { id: "calibration", heapMb: 1_024, run: calibrationTask },
  ...s.matchSizes.map((pending) => ({
    id: `match:${pending}`,
    heapMb: heapFor(pending),
    run: () => matchTask(pending, s.matchEvents, s.warmupEvents),
  })),
  {
    id: "cancels",
    heapMb: heapFor(s.cancelsPending),
    run: () => cancelsTask(s.cancelsPending, s.cancelsEvents, s.cancelsBatch, s.warmupEvents),
  },
  {
    id: "heap",
    measuresHeap: true,
    heapMb: heapFor(s.heapRuns),
    run: () => heapTask(s.heapRuns, s.runsBatch),
  },
  {
    id: `heap:${s.seededSleepingRuns}`,
    measuresHeap: true,
    heapMb: heapFor(s.seededSleepingRuns),
    run: () => millionTask(s.seededSleepingRuns),
  },
  {
    id: "one-step",
    heapMb: 2_048,
    run: () => oneStepTask(s.oneStepRuns, s.runsBatch, s.warmupRuns),
  },
  {
    id: "sleep-cancel",
    heapMb: 2_048,
    run: () => sleepCancelTask(s.sleepCancelRuns, s.runsBatch, s.warmupRuns),
  },
  ...s.fallbackSizes.map((pending) => ({
    id: `fallback:${pending}`,
    heapMb: heapFor(pending),
    run: () => fallbackTask(pending, s.fallbackEvents, s.warmupEvents),
  })),
  { id: "http", heapMb: 1_024, run: () => httpTask(s.http) },
  { id: "takeover", heapMb: 1_024, run: () => takeoverTask(s.takeover) },
  { id: "wake", heapMb: 1_024, run: () => wakeTask(s.wake) },
  { id: "remote", heapMb: 1_024, run: () => remoteTask(s.remote) },
  {
    id: "redis-vs-bullmq",
    heapMb: 2_048,
    run: async () => ({
      rows: await redisVsBullmq({ items: s.redisItems }),
      points: [],
      notes: [
        "redis_*: one process, one private redis-server, concurrency 50, BullMQ side by side",
      ],
    }),
  },
];
