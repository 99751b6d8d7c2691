import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { afterEach } from "vitest";

const BIN = fileURLToPath(new URL("../../bin/quell.mjs", import.meta.url));

/** A long-running `quell` command (dev, start, worker). */
export interface QuellProcess {
  /** The server's URL; "" for a worker. */
  readonly url: string;
  readonly child: ChildProcess;
  /** Everything it printed so far, stdout and stderr. */
  readonly output: () => string;
  readonly exited: Promise<number | null>;
}

const running: ChildProcess[] = [];
afterEach(() => {
  for (const child of running.splice(0)) if (child.exitCode === null) child.kill("SIGKILL");
});

/**
 * Start a long-running `quell` command and wait until it is ready (a URL, or a worker's
 * banner). It is SIGKILLed after the test if still running. `env` adds to this process's.
 */
export const startQuell = (
  args: readonly string[],
  env: Record<string, string> = {},
): Promise<QuellProcess> =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      stdio: "pipe",
      env: { ...process.env, ...env },
    });
    running.push(child);
    let output = "";
    const exited = new Promise<number | null>((done) => child.on("exit", (code) => done(code)));
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (http:\/\/127\.0\.0\.1:\d+)|(Quell worker running)/.exec(output);
      if (match !== null) resolve({ url: match[1] ?? "", child, output: () => output, exited });
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    child.on("exit", (code) => reject(new Error(`quell ${args[0]} exited ${code}:\n${output}`)));
    setTimeout(() => reject(new Error(`quell ${args[0]} did not start:\n${output}`)), 30_000);
  });

/** Run a `quell` command to its end. */
export const quell = (
  args: readonly string[],
): Promise<{ code: number | null; stdout: string; stderr: string }> =>
  new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { stdio: "pipe" });
    running.push(child);
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c: Buffer) => {
      stdout += c.toString();
    });
    child.stderr.on("data", (c: Buffer) => {
      stderr += c.toString();
    });
    child.on("exit", (code) => resolve({ code, stdout, stderr }));
  });
