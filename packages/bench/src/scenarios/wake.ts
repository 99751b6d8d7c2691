import { fileURLToPath } from "node:url";
import { type QuellProcess, startQuell } from "@quell/http/testing";
import { startBenchRedis } from "../redis/server";
import type { Row, ScenarioResult } from "../types";

// Latency across processes (issue 14): `quell start --no-workers` takes the events, one
// `quell worker` (default --poll 1s) runs them. Two figures, one sample at a time on an idle
// worker: from `POST /e` on the API process to the first step beginning in the worker, and from
// a sleep's due time to the step after it.

const FUNCTIONS = fileURLToPath(new URL("../wake/functions.ts", import.meta.url));
const EVENT_KEY = `ek-${"c4".repeat(16)}`;
const SIGNING_KEY = `signkey-bench-${"0123456789abcdef".repeat(4)}`;

/** Untimed samples before the measured ones. */
const WARM_UP = 5;

export interface WakeSettings {
  readonly samples: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The p-th percentile, to a tenth of a millisecond (the step's time is printed to 0.01 ms). */
const percentile = (values: readonly number[], p: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const value = sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
  return Math.round((value ?? 0) * 10) / 10;
};

/** The time the worker printed for `label`, once it did. */
const printed = async (worker: QuellProcess, label: string): Promise<number> => {
  const pattern = new RegExp(`^${label} at (\\d+(?:\\.\\d+)?)$`, "m");
  for (let waited = 0; waited < 30_000; waited += 1) {
    const found = pattern.exec(worker.output());
    if (found !== null) return Number(found[1]);
    await sleep(1);
  }
  throw new Error(`wake: the worker never printed "${label}"`);
};

export const wakeTask = async (settings: WakeSettings): Promise<ScenarioResult> => {
  const redis = await startBenchRedis();
  const shared = [FUNCTIONS, "--redis", redis.url, "--prefix", "wake:"];
  const processes: QuellProcess[] = [];
  try {
    const [server, worker] = await Promise.all([
      startQuell([
        "start",
        ...shared,
        "--no-workers",
        "--port",
        "0",
        "--event-key",
        EVENT_KEY,
        "--signing-key",
        SIGNING_KEY,
      ]),
      startQuell(["worker", ...shared]),
    ]);
    processes.push(server, worker);
    const send = async (event: unknown): Promise<void> => {
      const response = await fetch(`${server.url}/e/${EVENT_KEY}`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(event),
      });
      if (response.status !== 200) throw new Error(`wake: POST /e answered ${response.status}`);
      await response.arrayBuffer();
    };
    const toFirstStep: number[] = [];
    const afterSleep: number[] = [];
    // The first samples are untimed: the processes compile their hot paths and Redis learns the
    // scripts (the very first event took ~50 ms, every later one a few).
    for (let n = -WARM_UP; n < settings.samples; n++) {
      await sleep(20 + (Math.abs(n) % 7) * 11); // the worker is idle, between its polls
      const sentAt = performance.timeOrigin + performance.now();
      await send({ name: "wake/first", data: { n } });
      const firstAt = await printed(worker, `first ${n}`);
      if (n >= 0) toFirstStep.push(firstAt - sentAt);
      const dueAt = Date.now() + 50 + (Math.abs(n) % 5) * 13;
      await send({ name: "wake/later", data: { n, at: dueAt } });
      const afterAt = await printed(worker, `after ${n}`);
      if (n >= 0) afterSleep.push(afterAt - dueAt);
    }
    const unit = `ms (${settings.samples} samples, one at a time; worker --poll 1s)`;
    const rows: Row[] = [
      { name: "wake_event_to_step_p50_ms", value: percentile(toFirstStep, 50), unit },
      { name: "wake_event_to_step_p99_ms", value: percentile(toFirstStep, 99), unit },
      { name: "wake_sleep_to_step_p50_ms", value: percentile(afterSleep, 50), unit },
      { name: "wake_sleep_to_step_p99_ms", value: percentile(afterSleep, 99), unit },
    ];
    return {
      rows,
      points: [],
      notes: [
        "wake_*: quell start --no-workers + 1 quell worker on a private redis-server; event_to_step: from POST /e on the API process to the first step beginning in the worker; sleep_to_step: from a step.sleepUntil's due time to the next step beginning",
        `wake max: event_to_step ${Math.max(...toFirstStep).toFixed(1)} ms, sleep_to_step ${Math.max(...afterSleep).toFixed(1)} ms`,
      ],
    };
  } finally {
    for (const process of processes) process.child.kill("SIGTERM");
    await Promise.all(processes.map((process) => process.exited));
    await redis.stop();
  }
};
