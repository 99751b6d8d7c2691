import { type Command, InvalidArgumentError } from "commander";
import { DEFAULT_PORT } from "../server/defaults";
import { type Keys, validateKeys } from "../server/keys";
import { CliError } from "./client";
import { globalsOf, guarded, type Io } from "./io";
import { REDIS, REDIS_CLUSTER, redisAt } from "./redis-flags";
import { DEFAULT_RETENTION } from "./retention-flag";

const port = (value: string): number => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) {
    throw new InvalidArgumentError("expected a port from 0 to 65535");
  }
  return n;
};

const PARTITIONS = [
  "--partitions <n>",
  "spread the runs over n namespaces <prefix>p0: … (each its own Redis Cluster slot); every process of a deployment needs the same n (docs/redis.md)",
  "1",
] as const;
const POLL = [
  "--poll <duration>",
  "how often to look for work other processes added",
  "1s",
] as const;
const LEASE = [
  "--lease <duration>",
  "how long the runs and locks of a process that died stay its own (renewed every half of it)",
  "10s",
] as const;
const REDIS_TIMEOUT = [
  "--redis-timeout <duration>",
  "how long a Redis command may take before it fails (Redis up but not answering)",
  "5s",
] as const;
const GRACE = [
  "--grace <duration>",
  "on SIGTERM/SIGINT, how long steps in flight may take to finish",
  "30s",
] as const;

const collect = (value: string, previous: readonly string[]): string[] => [...previous, value];
const URLS = [
  "-u, --sdk-url <serve-url>",
  "an app of the official inngest SDK to sync, by its serve URL (repeatable: one per SDK client)",
  collect,
  [] as string[],
] as const;
const SYNC_INTERVAL = [
  "--sync-interval <duration>",
  "how often to sync the -u apps again (an app that restarted is synced when it is back)",
  "5s",
] as const;
const CALL_TIMEOUT = [
  "--call-timeout <duration>",
  "how long one call to an SDK app may take before it fails as a retriable error",
  "5m",
] as const;

const RETENTION = [
  "--retention <duration>",
  'delete ended runs and events no run needs after this long ("off": keep everything)',
  DEFAULT_RETENTION,
] as const;

// Loaded only when a server starts, so that the client commands do not load the engine.
const runServer = async (...args: Parameters<typeof import("./run-server").runServer>) =>
  (await import("./run-server")).runServer(...args);

/** A key the user gave (flag or environment), split on commas; the defaults do not count. */
const givenKeys = (command: Command, name: "eventKey" | "signingKey", flag: string): string[] => {
  const source = command.parent?.getOptionValueSource(name);
  const value = globalsOf(command)[name];
  if (source === "default" || source === undefined || value === undefined || value === "") {
    throw new CliError(
      `quell ${command.name()} needs ${flag} (or its environment variable): production mode checks keys`,
    );
  }
  const keys = value
    .split(",")
    .map((key) => key.trim())
    .filter((key) => key !== "");
  if (keys.length === 0) throw new CliError(`${flag}: no key in ${JSON.stringify(value)}`);
  return keys;
};

/** The keys `quell start` accepts, checked before anything starts. */
const productionKeys = (command: Command): Keys => {
  const checked = validateKeys({
    eventKeys: givenKeys(command, "eventKey", "--event-key"),
    signingKeys: givenKeys(command, "signingKey", "--signing-key"),
  });
  if (checked._tag === "Right") return checked.right;
  throw new CliError(
    `${checked.left}. Generate keys with: echo "signkey-prod-$(openssl rand -hex 32)" and openssl rand -hex 24`,
  );
};

/** `quell dev [file]`, `quell start [file] --redis <url>`, `quell worker [file] --redis <url>`. */
export const serverCommands = (program: Command, io: Io): void => {
  program
    .command("dev [functions-file]")
    .description(
      "run a dev server on the memory store (the seeds' examples when given no file and no -u)",
    )
    .option("-p, --port <port>", "port to listen on (0: any free port)", port, DEFAULT_PORT)
    .option(...URLS)
    .option(...SYNC_INTERVAL)
    .option(...CALL_TIMEOUT)
    .option(...GRACE)
    .option(...RETENTION)
    .action(
      guarded(
        io,
        async (
          file: string | undefined,
          options: {
            port: number;
            sdkUrl: string[];
            syncInterval: string;
            callTimeout: string;
            grace: string;
            retention: string;
          },
        ) => {
          await runServer(io, {
            file,
            grace: options.grace,
            retention: options.retention,
            urls: options.sdkUrl,
            syncInterval: options.syncInterval,
            callTimeout: options.callTimeout,
            http: { mode: "dev", port: options.port },
          });
        },
      ),
    );

  program
    .command("start [functions-file]")
    .description(
      "API and workers on Redis (--no-workers: API only), running the functions of a file; keys required",
    )
    .option(...REDIS)
    .option(...REDIS_CLUSTER)
    .option("--prefix <prefix>", "prefix of every Redis key", "quell:")
    .option(...PARTITIONS)
    .option(...POLL)
    .option(...LEASE)
    .option(...REDIS_TIMEOUT)
    .option("--no-workers", "serve the API only: execute nothing, leave all work to `quell worker`")
    .option("-p, --port <port>", "port to listen on (0: any free port)", port, DEFAULT_PORT)
    .option("--host <host>", "address to bind (0.0.0.0 for every interface)", "127.0.0.1")
    .option(...URLS)
    .option(...SYNC_INTERVAL)
    .option(...CALL_TIMEOUT)
    .option(...GRACE)
    .option(...RETENTION)
    .action(
      guarded(
        io,
        async (
          file: string | undefined,
          options: Record<string, string | number | boolean | string[]>,
          command: Command,
        ) => {
          await runServer(io, {
            file,
            grace: String(options.grace),
            retention: String(options.retention),
            urls: (options.sdkUrl as string[] | undefined) ?? [],
            syncInterval: String(options.syncInterval),
            callTimeout: String(options.callTimeout),
            redis: {
              at: redisAt(command, options as { redis?: string; redisCluster?: string }),
              prefix: String(options.prefix),
              partitions: String(options.partitions),
              poll: String(options.poll),
              lease: String(options.lease),
              timeout: String(options.redisTimeout),
            },
            workers: options.workers !== false,
            http: {
              mode: "production",
              port: Number(options.port),
              host: String(options.host),
              ...productionKeys(command),
            },
          });
        },
      ),
    );

  program
    .command("worker [functions-file]")
    .description("workers only, on Redis: run functions for events a `quell start` server ingests")
    .option(...REDIS)
    .option(...REDIS_CLUSTER)
    .option("--prefix <prefix>", "prefix of every Redis key", "quell:")
    .option(...PARTITIONS)
    .option(...POLL)
    .option(...LEASE)
    .option(...REDIS_TIMEOUT)
    .option("--apps-only", "no functions file: run only the functions of synced SDK apps")
    .option(...CALL_TIMEOUT)
    .option(...GRACE)
    .option(...RETENTION)
    .action(
      guarded(
        io,
        async (
          file: string | undefined,
          options: {
            appsOnly?: boolean;
            callTimeout: string;
            redis?: string;
            redisCluster?: string;
            prefix: string;
            partitions: string;
            poll: string;
            lease: string;
            redisTimeout: string;
            grace: string;
            retention: string;
          },
          command: Command,
        ) => {
          // Production apps check the signature of every call: sign with the first key given.
          const signingKey = globalsOf(command).signingKey?.split(",")[0]?.trim();
          await runServer(io, {
            file,
            grace: options.grace,
            retention: options.retention,
            appsOnly: options.appsOnly === true,
            callTimeout: options.callTimeout,
            ...(signingKey === undefined || signingKey === "" ? {} : { signingKey }),
            redis: {
              at: redisAt(command, options),
              prefix: options.prefix,
              partitions: options.partitions,
              poll: options.poll,
              lease: options.lease,
              timeout: options.redisTimeout,
            },
          });
        },
      ),
    );
};
