import { fork } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { Task } from "./scenarios/index";
import type { Mode, ScenarioResult } from "./types";

const runner = fileURLToPath(new URL("./runner.ts", import.meta.url));
const tsx = import.meta.resolve("tsx");

/**
 * Run one task in a fresh node process (`--expose-gc`, its own heap limit), so no scenario's
 * garbage or JIT state leaks into another's numbers. To see where a scenario's time goes, use
 * `pnpm --filter @quell/bench profile` instead: it profiles only the measured stretch.
 */
export const runTask = (task: Task, mode: Mode, store: string): Promise<ScenarioResult> =>
  new Promise((resolve, reject) => {
    const execArgv = ["--import", tsx, "--expose-gc", `--max-old-space-size=${task.heapMb}`];
    const child = fork(runner, [task.id, mode, store], { execArgv, stdio: "inherit" });
    let result: ScenarioResult | null = null;
    child.on("message", (message) => {
      result = message as ScenarioResult;
    });
    child.on("error", reject);
    child.on("exit", (code) => {
      if (code === 0 && result !== null) resolve(result);
      else reject(new Error(`task ${task.id} exited with code ${code}`));
    });
  });
