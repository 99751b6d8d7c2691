import type { Redis } from "ioredis";

/** A command the server ran while watched: its arguments, and whether a script ran it. */
export interface Seen {
  readonly args: string[];
  readonly lua: boolean;
}

const isPing = (args: readonly string[]): boolean => args[0]?.toLowerCase() === "ping";

/**
 * Every command the server ran while `work` ran (MONITOR), in order. MONITOR reports on its
 * own connection, later than the replies of the commands it reports: a PING is sent after
 * `work`, and once MONITOR reports it, it has reported everything before it.
 */
export const commandsDuring = async (
  client: Redis,
  work: () => Promise<unknown>,
): Promise<Seen[]> => {
  const monitor = await client.monitor();
  const seen: Seen[] = [];
  const pinged = new Promise<void>((resolve) =>
    monitor.on("monitor", (_time: string, args: string[], source: string) => {
      if (isPing(args)) resolve();
      else seen.push({ args, lua: source === "lua" });
    }),
  );
  try {
    await work();
    await client.ping();
    await pinged;
  } finally {
    monitor.disconnect();
  }
  return seen;
};
