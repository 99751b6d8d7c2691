import type { Command } from "commander";
import { CliError } from "../client";
import { guarded, type Io } from "../io";

/**
 * `quell migrate-keys --redis <url> --prefix <prefix>`: rename a namespace's keys from the
 * layout before hash tags (`quell:seq`) to the current one (`{quell:}seq`), on a single Redis,
 * with every process of the namespace stopped (docs/redis.md, "Key layout").
 */
export const migrateKeysCommand = (program: Command, io: Io): void => {
  program
    .command("migrate-keys")
    .description(
      "rename a namespace's Redis keys to the hash-tagged layout (stop every quell process first)",
    )
    .requiredOption("--redis <url>", "Redis URL of a single Redis (not a Cluster)")
    .option("--prefix <prefix>", "prefix of the namespace's keys", "quell:")
    .action(
      guarded(io, async (options: { redis: string; prefix: string }) => {
        // Loaded here, so that the other client commands do not load the Redis client.
        const { migrateKeyLayout } = await import("@quell/redis");
        const { Redis } = await import("ioredis");
        const client = new Redis(options.redis, { lazyConnect: true, maxRetriesPerRequest: 1 });
        client.on("error", () => {});
        try {
          await client.connect();
          const { renamed } = await migrateKeyLayout(client, options.prefix);
          io.out(`renamed ${renamed} keys of namespace "${options.prefix}"`);
        } catch (error) {
          throw new CliError(`migrate-keys: ${(error as Error).message}`);
        } finally {
          client.disconnect();
        }
      }),
    );
};
