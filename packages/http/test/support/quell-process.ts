import type { ChildProcess } from "node:child_process";
import { afterEach } from "vitest";
import { type QuellProcess, runQuell, startQuell as start } from "../../src/testing";

export type { QuellProcess };

const running: ChildProcess[] = [];
afterEach(() => {
  for (const child of running.splice(0)) if (child.exitCode === null) child.kill("SIGKILL");
});

/** `startQuell` from src/testing.ts; the process is SIGKILLed after the test if still running. */
export const startQuell = async (
  args: readonly string[],
  env: Record<string, string> = {},
): Promise<QuellProcess> => {
  const started = await start(args, env);
  running.push(started.child);
  return started;
};

/** Run a `quell` command to its end. */
export const quell = runQuell;
