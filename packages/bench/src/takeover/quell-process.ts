// `quell start` and `quell worker` as child processes of the `takeover` task: the real command
// (packages/http/bin/quell.mjs), as an operator runs it.
import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

// `@quell/http` resolves to its src/index.ts; the command is beside src/.
const BIN = fileURLToPath(new URL("../bin/quell.mjs", import.meta.resolve("@quell/http")));
const READY_MS = 60_000;

export interface QuellProcess {
  /** The server's URL; "" for a worker. */
  readonly url: string;
  readonly child: ChildProcess;
  /** Everything it printed so far. */
  output(): string;
  /** SIGTERM, then SIGKILL if it has not exited 10 s later; resolves once it exited. */
  stop(): Promise<void>;
}

/** Start `quell <args>` and wait for its banner. */
export const startQuell = (
  args: readonly string[],
  env: Record<string, string> = {},
): Promise<QuellProcess> =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, ...env },
    });
    const exited = new Promise<void>((done) => child.once("exit", () => done()));
    let output = "";
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`quell ${args[0]} did not start:\n${output}`));
    }, READY_MS);
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      const ready = /listening on (http:\/\/127\.0\.0\.1:\d+)|(Quell worker running)/.exec(output);
      if (ready === null) return;
      clearTimeout(timer);
      resolve({
        url: ready[1] ?? "",
        child,
        output: () => output,
        stop: async () => {
          if (child.exitCode !== null || child.signalCode !== null) return;
          child.kill("SIGCONT"); // a frozen process cannot handle SIGTERM
          child.kill("SIGTERM");
          const kill = setTimeout(() => child.kill("SIGKILL"), 10_000);
          await exited;
          clearTimeout(kill);
        },
      });
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`quell ${args[0]} exited with ${code}:\n${output}`));
    });
  });
