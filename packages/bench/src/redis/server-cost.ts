import type { Redis } from "ioredis";

/** CPU seconds the server has used (`INFO cpu`, user + system, all its threads). */
export const serverCpuSeconds = async (admin: Redis): Promise<number> => {
  const info = await admin.info("cpu");
  const field = (name: string): number => {
    const value = new RegExp(`${name}:([\\d.]+)`).exec(info)?.[1];
    if (value === undefined) throw new Error(`INFO cpu has no ${name}`);
    return Number(value);
  };
  return field("used_cpu_sys") + field("used_cpu_user");
};

/** One command's share since the last `CONFIG RESETSTAT` (`INFO commandstats`). */
export interface CommandCost {
  readonly command: string;
  readonly calls: number;
  /** Microseconds the server spent in it; a script's includes the commands it ran. */
  readonly usec: number;
}

/**
 * The server's per-command counters, most time first. Commands a script runs are counted under
 * their own names as well as in the script's `evalsha` time.
 */
export const commandCosts = async (admin: Redis): Promise<CommandCost[]> => {
  const info = await admin.info("commandstats");
  const costs: CommandCost[] = [];
  for (const match of info.matchAll(/^cmdstat_([\w|-]+):calls=(\d+),usec=(\d+)/gm)) {
    const [, command = "", calls = "0", usec = "0"] = match;
    if (command === "info" || command.startsWith("config")) continue;
    costs.push({ command, calls: Number(calls), usec: Number(usec) });
  }
  return costs.sort((a, b) => b.usec - a.usec);
};

/** Counts what a connection writes to its socket: how many writes, how many bytes. */
export const countSocketWrites = (client: Redis): (() => { writes: number; bytes: number }) => {
  const stream = (client as unknown as { stream: { write: (...args: unknown[]) => boolean } })
    .stream;
  const write = stream.write.bind(stream);
  let writes = 0;
  let bytes = 0;
  stream.write = (...args: unknown[]) => {
    const data = args[0];
    writes += 1;
    bytes += typeof data === "string" ? data.length : (data as Buffer).length;
    return write(...args);
  };
  return () => ({ writes, bytes });
};
