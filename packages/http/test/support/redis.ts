import { startRedisServer } from "@quell/redis/testing";

/** A private `redis-server` on a free loopback port, without persistence. */
export interface RedisServer {
  readonly url: string;
  stop(): Promise<void>;
}

/** Start one; a missing binary fails the calling test (Redis tests never skip). */
export const startRedis = async (): Promise<RedisServer> => {
  const server = await startRedisServer();
  return { url: server.url, stop: () => server.stop() };
};
