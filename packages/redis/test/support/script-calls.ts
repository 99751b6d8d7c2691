import type { Redis } from "ioredis";

/** Scripts the server ran (EVALSHA and EVAL calls) while `work` ran. */
export const scriptsRun = async (client: Redis, work: () => Promise<unknown>): Promise<number> => {
  const calls = async (): Promise<number> => {
    const stats = await client.info("commandstats");
    const count = (name: string) =>
      Number(stats.match(new RegExp(`cmdstat_${name}:calls=(\\d+)`))?.[1] ?? 0);
    return count("evalsha") + count("eval");
  };
  const before = await calls();
  await work();
  return (await calls()) - before;
};
