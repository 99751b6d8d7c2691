import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

// `quell start` and `quell worker` as an operator runs them (the http package's bin, loading
// test/support/chaos-functions.ts), for the outage chaos test and bench.
const BIN = fileURLToPath(new URL("../../../http/bin/quell.mjs", import.meta.url));
const FUNCTIONS = fileURLToPath(new URL("./chaos-functions.ts", import.meta.url));

export const EVENT_KEY = "chaos-event-key-0123456789";
const SIGNING_KEY = `signkey-chaos-${"c4".repeat(32)}`;

/** One `quell` process: its output so far, and its exit. */
export interface QuellProcess {
  readonly name: string;
  readonly child: ChildProcess;
  /** `http://127.0.0.1:<port>` for `quell start`; empty for a worker. */
  readonly url: string;
  stderrLines(): string[];
  /** Still running (it has not exited, whatever the reason). */
  alive(): boolean;
  /** SIGTERM, and its exit code once it exited. */
  stop(): Promise<number | null>;
}

const started: ChildProcess[] = [];

/** SIGKILL every process still running (after a failed test nothing is left behind). */
export const killQuellProcesses = (): void => {
  for (const child of started.splice(0)) if (child.exitCode === null) child.kill("SIGKILL");
};

const spawnQuell = (name: string, args: readonly string[], env: Record<string, string>) =>
  new Promise<QuellProcess>((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      stdio: "pipe",
      env: { ...process.env, ...env, QUELL_TEST_WORKER: name },
    });
    started.push(child);
    let stdout = "";
    let stderr = "";
    const exited = new Promise<number | null>((done) => child.on("exit", (code) => done(code)));
    const ready = (): void => {
      const match = /listening on (http:\/\/127\.0\.0\.1:\d+)|(Quell worker running)/.exec(stdout);
      if (match === null) return;
      resolve({
        name,
        child,
        url: match[1] ?? "",
        stderrLines: () => stderr.split("\n").filter((line) => line !== ""),
        alive: () => child.exitCode === null && child.signalCode === null,
        stop: async () => {
          child.kill("SIGTERM");
          return exited;
        },
      });
    };
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
      ready();
    });
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on("exit", (code) =>
      reject(new Error(`quell ${name} exited with ${code} before it was ready:\n${stderr}`)),
    );
  });

export interface ClusterOptions {
  readonly redisUrl: string;
  readonly prefix: string;
  readonly workers: number;
  /** `--redis-timeout`; default 2s. */
  readonly timeout?: string;
}

/** `quell start` (API and workers) plus `workers` × `quell worker` on one namespace. */
export const startCluster = async (options: ClusterOptions) => {
  const env = { QUELL_TEST_REDIS: options.redisUrl, QUELL_TEST_PREFIX: options.prefix };
  const shared = [FUNCTIONS, "--redis", options.redisUrl, "--prefix", options.prefix];
  // A short lease bounds the one case that waits for it (a claim whose reply the crash lost).
  const tuning = ["--poll", "100ms", "--redis-timeout", options.timeout ?? "2s", "--lease", "2s"];
  const keys = ["--event-key", EVENT_KEY, "--signing-key", SIGNING_KEY];
  const [api, ...workers] = await Promise.all([
    spawnQuell("start", ["start", ...shared, ...tuning, "--port", "0", ...keys], env),
    ...Array.from({ length: options.workers }, (_, i) =>
      spawnQuell(`worker-${i + 1}`, ["worker", ...shared, ...tuning], env),
    ),
  ]);
  if (api === undefined) throw new Error("quell start did not start");
  return { api, workers, all: [api, ...workers] };
};
