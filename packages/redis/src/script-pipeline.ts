import type { ChainableCommander } from "ioredis";
import type { RedisClient } from "./client";

/**
 * How many scripts a pipeline takes before it is sent: the scripts of a burst (a batch of
 * events answered at once: 50 commits) then reach Redis in groups, and Redis runs the first
 * group while this process prepares the next, where one pipeline at the end of the burst kept
 * each side waiting for the other. Measured (`pnpm --filter @quell/bench redis-profile`,
 * docs/redis.md "Calls of one turn"): 4 to 32 all help; 16 did best for cancels.
 */
export const SCRIPT_PIPELINE_SIZE = 16;

type Method = "evalsha" | "evalshaBuffer";
/** Both methods, untyped: ioredis' typings leave the scripting commands' `Buffer` twins out. */
type Evalsha = Record<Method, (...args: readonly unknown[]) => unknown>;

interface Waiter {
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: unknown) => void;
}

/**
 * The `EVALSHA`s of one namespace, sent as ioredis' auto-pipelining sends commands (together,
 * at the end of the event-loop iteration that issued them), and also as soon as
 * `SCRIPT_PIPELINE_SIZE` are waiting. Each call gets its own reply or error, in order, as with
 * auto-pipelining; a pipeline that fails whole (the connection lost) fails each of its calls
 * with that error. All its scripts name keys of one hash tag, so a Cluster sends the pipeline
 * to the one node that holds them.
 *
 * Order: scripts run in the order they were called. A plain command (an `HMGET` of a run, a
 * `ZREM` of a lease) issued earlier in the same iteration leaves with ioredis' own pipeline at
 * the iteration's end, so it can run after a group of scripts sent early. Nothing relies on
 * the order of calls in flight together: the store and the engine await a read before the
 * write that depends on it, and versions decide between concurrent writes.
 */
class ScriptPipeline {
  private pipeline: ChainableCommander | null = null;
  private waiting: Waiter[] = [];

  constructor(private readonly client: RedisClient) {}

  send(method: Method, args: readonly (string | Buffer | number)[]): Promise<unknown> {
    if (this.pipeline === null) {
      this.pipeline = this.client.pipeline();
      setImmediate(() => this.flush());
    }
    const reply = new Promise<unknown>((resolve, reject) => {
      this.waiting.push({ resolve, reject });
    });
    (this.pipeline as unknown as Evalsha)[method](...args);
    if (this.waiting.length >= SCRIPT_PIPELINE_SIZE) this.flush();
    return reply;
  }

  private flush(): void {
    const { pipeline, waiting } = this;
    if (pipeline === null) return;
    this.pipeline = null;
    this.waiting = [];
    pipeline.exec().then(
      (results) => {
        waiting.forEach((waiter, i) => {
          const [error, value] = results?.[i] ?? [new Error("no reply in the pipeline"), null];
          if (error) waiter.reject(error);
          else waiter.resolve(value);
        });
      },
      (error: unknown) => {
        for (const waiter of waiting) waiter.reject(error);
      },
    );
  }
}

/** client → hash tag → its pipeline. */
const pipelines = new WeakMap<RedisClient, Map<string, ScriptPipeline>>();

const autoPipelined = (client: RedisClient): boolean =>
  client.options.enableAutoPipelining === true;

/**
 * How to send an `EVALSHA` whose first key is `firstKey`: through the namespace's script
 * pipeline when the client auto-pipelines, else as the client sends any command (at once).
 */
export const sendEvalsha = (
  client: RedisClient,
  firstKey: string,
  method: Method,
  args: readonly (string | Buffer | number)[],
): Promise<unknown> => {
  if (!autoPipelined(client))
    return (client as unknown as Evalsha)[method](...args) as Promise<unknown>;
  const tag = firstKey.slice(0, firstKey.indexOf("}") + 1);
  let byTag = pipelines.get(client);
  if (byTag === undefined) {
    byTag = new Map();
    pipelines.set(client, byTag);
  }
  let pipeline = byTag.get(tag);
  if (pipeline === undefined) {
    pipeline = new ScriptPipeline(client);
    byTag.set(tag, pipeline);
  }
  return pipeline.send(method, args);
};
