import type { Redis } from "ioredis";
import { SCRIPTS } from "../src/scripts";

const scriptNames = new Map(Object.values(SCRIPTS).map((script) => [script.sha, script.name]));

export interface CommandCount {
  /** Commands and scripts clients sent (each one request and one reply). */
  readonly client: number;
  /** Commands scripts ran inside Redis. */
  readonly lua: number;
  /** Client commands by name (scripts by their name). */
  readonly byCommand: Readonly<Record<string, number>>;
}

/**
 * Count what the server executes while `work` runs, with MONITOR. Markers sent on `admin`
 * before and after delimit the window exactly, because MONITOR reports in execution order.
 */
export const countCommands = async (
  admin: Redis,
  work: () => Promise<void>,
): Promise<CommandCount> => {
  const monitor = await admin.monitor();
  const counts = { client: 0, lua: 0 };
  const byCommand: Record<string, number> = {};
  let open = false;
  let closed: () => void = () => {};
  const finished = new Promise<void>((resolve) => {
    closed = resolve;
  });
  monitor.on("monitor", (_time: string, args: string[], source: string) => {
    const [name = "", first = ""] = args;
    if (name.toLowerCase() === "echo" && first === "quell-bench-start") open = true;
    else if (name.toLowerCase() === "echo" && first === "quell-bench-end") closed();
    else if (open && source === "lua") counts.lua += 1;
    else if (open) {
      counts.client += 1;
      const command = name.toLowerCase();
      const label = command === "evalsha" ? `script ${scriptNames.get(first) ?? first}` : command;
      byCommand[label] = (byCommand[label] ?? 0) + 1;
    }
  });
  await admin.echo("quell-bench-start");
  await work();
  await admin.echo("quell-bench-end");
  await finished;
  monitor.disconnect();
  return { ...counts, byCommand };
};
