export type { AvailabilityChange } from "./availability";
export { describeAvailabilityChange } from "./availability";
export type { ConnectOptions } from "./connect";
export { connectRedisStore, DEFAULT_TIMEOUT_MS, serverConnectionOptions } from "./connect";
export type { RedisStoreFailure } from "./errors";
export { RedisStoreError } from "./errors";
export type { RedisStore, RedisStoreOptions } from "./redis-store";
export { redisStore } from "./redis-store";
