// `quell` commands as child processes, for tests and benchmarks that run the real command
// (bin/quell.mjs) as an operator does: `quell dev`, `quell start`, `quell worker`.
import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

const BIN = fileURLToPath(new URL("../bin/quell.mjs", import.meta.url));
const READY_MS = 30_000;

/** A long-running `quell` command. */
export interface QuellProcess {
  /** The server's URL; "" for a worker. */
  readonly url: string;
  readonly child: ChildProcess;
  /** Everything it printed so far, stdout and stderr. */
  output(): string;
  /** Its exit code (null when a signal ended it). */
  readonly exited: Promise<number | null>;
  /** SIGTERM (after SIGCONT, in case it is frozen), SIGKILL 10 s later; resolves with its code. */
  stop(): Promise<number | null>;
}

const spawnQuell = (args: readonly string[], env: Record<string, string>): ChildProcess =>
  spawn(process.execPath, [BIN, ...args], {
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, ...env },
  });

/**
 * Start `quell <args>` (with `env` added to this process's) and resolve once it is ready: it
 * printed its URL, or a worker's banner. Rejects, and kills it, if it exits or is not ready in
 * 30 s.
 */
export const startQuell = (
  args: readonly string[],
  env: Record<string, string> = {},
): Promise<QuellProcess> =>
  new Promise((resolve, reject) => {
    const child = spawnQuell(args, env);
    const exited = new Promise<number | null>((done) => child.once("exit", (code) => done(code)));
    let output = "";
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`quell ${args[0]} did not start:\n${output}`));
    }, READY_MS);
    const stop = async (): Promise<number | null> => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill("SIGCONT");
        child.kill("SIGTERM");
      }
      const kill = setTimeout(() => child.kill("SIGKILL"), 10_000);
      const code = await exited;
      clearTimeout(kill);
      return code;
    };
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      const ready = /listening on (http:\/\/127\.0\.0\.1:\d+)|(Quell worker running)/.exec(output);
      if (ready === null) return;
      clearTimeout(timer);
      resolve({ url: ready[1] ?? "", child, output: () => output, exited, stop });
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", onData);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`quell ${args[0]} exited with ${code}:\n${output}`));
    });
  });

/** Run a `quell` command to its end: its exit code and what it printed. */
export const runQuell = (
  args: readonly string[],
): Promise<{ code: number | null; stdout: string; stderr: string }> =>
  new Promise((resolve) => {
    const child = spawnQuell(args, {});
    let stdout = "";
    let stderr = "";
    child.stdout?.on("data", (c: Buffer) => {
      stdout += c.toString();
    });
    child.stderr?.on("data", (c: Buffer) => {
      stderr += c.toString();
    });
    child.once("exit", (code) => resolve({ code, stdout, stderr }));
  });
