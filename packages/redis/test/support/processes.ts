import { type ChildProcess, fork } from "node:child_process";
import { once } from "node:events";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import type { Target } from "./target";

const entry = fileURLToPath(new URL("./worker.ts", import.meta.url));
const tsx = createRequire(import.meta.url).resolve("tsx");

export interface WorkerSettings {
  readonly target: Target;
  readonly prefix: string;
  readonly concurrency: number;
  readonly leaseMs: number;
  readonly pollMs: number;
  /** Namespaces the runs are spread over (`createPartitionedEngine`); default 1. */
  readonly partitions?: number;
}

/** A worker process (test/support/worker.ts run with tsx). */
export interface WorkerProcess {
  readonly name: string;
  readonly child: ChildProcess;
  /** Ask it to stop (it finishes its executions) and wait for it to exit; its exit code. */
  stop(): Promise<number | null>;
  /** Send it a signal: SIGKILL to crash it, SIGSTOP / SIGCONT to freeze and thaw it. */
  signal(signal: NodeJS.Signals): void;
  /** Resolves once it has exited (for whatever reason). */
  readonly exited: Promise<void>;
}

/** Every worker still running, with the promise of its exit. */
const running = new Map<ChildProcess, Promise<void>>();

/** Start a worker and wait until its engine runs. */
export const startWorker = async (
  name: string,
  settings: WorkerSettings,
): Promise<WorkerProcess> => {
  const child = fork(entry, [], {
    execArgv: ["--import", tsx],
    env: {
      ...process.env,
      QUELL_TEST_REDIS: JSON.stringify(settings.target),
      QUELL_TEST_PREFIX: settings.prefix,
      QUELL_TEST_WORKER: name,
      QUELL_TEST_CONCURRENCY: String(settings.concurrency),
      QUELL_TEST_LEASE_MS: String(settings.leaseMs),
      QUELL_TEST_POLL_MS: String(settings.pollMs),
      QUELL_TEST_PARTITIONS: String(settings.partitions ?? 1),
    },
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const exited = once(child, "exit").then(() => {
    running.delete(child);
  });
  running.set(child, exited);
  const ready = new Promise<void>((resolve, reject) => {
    child.on("message", (message) => {
      if ((message as { type?: unknown }).type === "ready") resolve();
    });
    child.once("exit", (code) =>
      reject(new Error(`worker ${name} exited with ${code} before it was ready`)),
    );
  });
  await ready;
  return {
    name,
    child,
    exited,
    signal: (signal) => {
      child.kill(signal);
    },
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
      child.send({ type: "stop" });
      await exited;
      return child.exitCode;
    },
  };
};

/** SIGKILL every worker still running (after a failed test: nothing is left behind). */
export const killAllWorkers = async (): Promise<void> => {
  const exits = [...running.entries()].map(([child, exited]) => {
    child.kill("SIGKILL");
    return exited;
  });
  await Promise.all(exits);
};
