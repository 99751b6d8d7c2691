// A worker process of the multi-process and crash tests: an engine on the Redis store (or on
// QUELL_TEST_PARTITIONS namespaces, a partitioned engine; one: the engine itself) with the test
// functions, started by test/support/processes.ts. It stops on a "stop" message and exits
// when its parent goes away, so no test leaves one behind.
import { createPartitionedEngine } from "@quell/engine";
import { partitionPrefixes, redisStore } from "../../src/index";
import { testFunctions } from "./functions";
import { createRecorder } from "./recorder";
import type { Target } from "./target";

const env = (name: string): string => {
  const value = process.env[name];
  if (value === undefined) throw new Error(`worker: ${name} is not set`);
  return value;
};

const target = JSON.parse(env("QUELL_TEST_REDIS")) as Target;
const prefix = env("QUELL_TEST_PREFIX");
const name = env("QUELL_TEST_WORKER");
const partitions = Number(process.env.QUELL_TEST_PARTITIONS ?? "1");
const stores = partitionPrefixes(prefix, partitions).map((at) =>
  redisStore({ ...target, prefix: at, onConnectionError: () => {} }),
);
const recorder = createRecorder(target, prefix, name, partitions);
const logger = {
  debug() {},
  info() {},
  warn: (...args: unknown[]) => console.warn(`[${name}]`, ...args),
  error: (...args: unknown[]) => console.error(`[${name}]`, ...args),
};
const engine = createPartitionedEngine({
  functions: testFunctions(recorder, prefix),
  stores,
  logger,
  concurrency: Number(env("QUELL_TEST_CONCURRENCY")),
  leaseMs: Number(env("QUELL_TEST_LEASE_MS")),
  pollMs: Number(env("QUELL_TEST_POLL_MS")),
});

process.on("disconnect", () => process.exit(1));
process.on("message", (message) => {
  if ((message as { type?: unknown }).type !== "stop") return;
  void (async () => {
    await engine.stop();
    await Promise.all(stores.map((store) => store.close()));
    await recorder.close();
    process.exit(0);
  })();
});

await engine.start();
process.send?.({ type: "ready" });
