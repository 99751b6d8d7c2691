import { Cluster, Redis } from "ioredis";
import type { ClusterNode, RedisClient } from "../../src/index";

/** Where the processes of a test find Redis: one server, or a cluster by its seed nodes. */
export type Target = { readonly url: string } | { readonly cluster: readonly ClusterNode[] };

/** A connection of its own to the target (the recorder's, the test's admin). */
export const connectTo = (target: Target, options: { lazyConnect?: boolean } = {}): RedisClient =>
  "url" in target
    ? new Redis(target.url, options)
    : new Cluster([...target.cluster], { lazyConnect: options.lazyConnect ?? false });

/** What a test file shares with the suites it runs: the target and a connection to it. */
export interface TargetEnv {
  readonly target: Target;
  readonly admin: RedisClient;
}
