export type { RedisStoreFailure } from "./errors";
export { RedisStoreError } from "./errors";
export type { RedisStore, RedisStoreOptions } from "./redis-store";
export { redisStore } from "./redis-store";
