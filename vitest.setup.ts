import fc from "fast-check";

// Property tests explore random inputs locally; in CI (CI=true) they replay one fixed seed so a
// landing never depends on luck. Any seed replays with QUELL_FC_SEED=<seed>; failures print it.
const fixed = process.env.QUELL_FC_SEED ?? (process.env.CI === "true" ? "20261122" : undefined);
if (fixed !== undefined) fc.configureGlobal({ seed: Number(fixed) });

// Every Lua script checks that each key it touches is in its KEYS (packages/redis/src/scripts.ts);
// child processes the tests start (workers, quell) inherit it.
process.env.QUELL_REDIS_CHECK_KEYS ??= "1";
