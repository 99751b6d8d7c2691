export type { AvailabilityChange } from "./availability";
export { describeAvailabilityChange } from "./availability";
export type { ClusterNode, RedisClient } from "./client";
export type { ConnectOptions } from "./connect";
export {
  clusterConnectionOptions,
  connectRedisStore,
  DEFAULT_TIMEOUT_MS,
  serverConnectionOptions,
} from "./connect";
export type { RedisStoreFailure } from "./errors";
export { RedisStoreError } from "./errors";
export { hashTag } from "./keys";
export { KeyLayoutError, migrateKeyLayout } from "./layout";
export { partitionPrefixes } from "./partitions";
export type { RedisStore, RedisStoreOptions } from "./redis-store";
export { redisStore } from "./redis-store";
