// One measurement of the `takeover` task: a `quell worker` dies (SIGKILL) holding the events
// lock and two runs with a step in flight; how long until another worker has taken its work
// over. Real processes (`quell start --no-workers`, two `quell worker`s) on one redis-server.
import { fileURLToPath } from "node:url";
import type { RunView } from "@quell/core";
import { type QuellProcess, startQuell } from "@quell/http/testing";
import { hashTag } from "@quell/redis";
import { Redis } from "ioredis";

const FUNCTIONS = fileURLToPath(new URL("./functions.ts", import.meta.url));
const EVENT_KEY = `ek-${"b3".repeat(16)}`;
const SIGNING_KEY = `signkey-bench-${"0123456789abcdef".repeat(4)}`;
const NOISE = 1_000;

/** Times from the SIGKILL, in ms, and what was left of the dead worker's lease and lock then. */
export interface TakeoverSample {
  /** Until the step that was in flight on the dead worker started again on the other one. */
  readonly stepRerunMs: number;
  /** Until a cancel event ingested after the kill cancelled its (sleeping) run. */
  readonly cancelEventMs: number;
  /** Until a run cancelled while its step was in flight on the dead worker ended. */
  readonly cancelledEndedMs: number;
  /** What was left of the in-flight run's lease, and of the events lock, at the kill. */
  readonly leaseLeftMs: number;
  readonly lockLeftMs: number;
  /** Events still pending at the kill (ahead of the cancel event). */
  readonly backlog: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const poll = async <T>(what: string, ms: number, check: () => Promise<T | null>): Promise<T> => {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    const found = await check();
    if (found !== null) return found;
    await sleep(5);
  }
  throw new Error(`takeover: timed out waiting for ${what}`);
};

const api = (url: string) => {
  const send = async (events: unknown): Promise<string[]> => {
    const response = await fetch(`${url}/e/${EVENT_KEY}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(events),
    });
    if (response.status !== 200) throw new Error(`takeover: POST /e answered ${response.status}`);
    return ((await response.json()) as { ids: string[] }).ids;
  };
  const runOf = async (eventId: string | undefined): Promise<RunView | null> => {
    const response = await fetch(`${url}/v1/events/${eventId}/runs`, {
      headers: { authorization: `Bearer ${SIGNING_KEY}` },
    });
    return ((await response.json()) as { data: RunView[] }).data[0] ?? null;
  };
  return { send, runOf };
};

const time = (at: string | number): number => (typeof at === "number" ? at : Date.parse(at));

/** Run one sample on a fresh namespace of the redis-server at `redisUrl`. */
export const takeoverSample = async (
  redisUrl: string,
  prefix: string,
  lease: string,
): Promise<TakeoverSample> => {
  const redis = new Redis(redisUrl);
  const shared = [FUNCTIONS, "--redis", redisUrl, "--prefix", prefix];
  const keys = ["--event-key", EVENT_KEY, "--signing-key", SIGNING_KEY];
  const processes: QuellProcess[] = [];
  const start = async (args: string[], env: Record<string, string> = {}) => {
    const started = await startQuell(args, env);
    processes.push(started);
    return started;
  };
  try {
    const [server, rescuer, dying] = await Promise.all([
      start(["start", ...shared, "--no-workers", "--port", "0", ...keys]),
      start(["worker", ...shared, "--lease", lease]),
      start(["worker", ...shared, "--lease", lease], { QUELL_BENCH_HANG: "1" }),
    ]);
    // The rescuer stays out of the way (frozen) until the kill, so the dying worker is the only
    // possible holder of the events lock, and takes every run.
    rescuer.child.kill("SIGSTOP");
    const { send, runOf } = api(server.url);
    const [x, y, z] = await send([
      { name: "takeover/held", data: { id: "x" } },
      { name: "takeover/held", data: { id: "y" } },
      { name: "takeover/nap", data: { id: "z" } },
    ]);
    await poll("both steps to start", 30_000, async () => {
      const out = dying.output();
      return out.includes("started: x") && out.includes("started: y") ? true : null;
    });
    await poll("the sleeping run", 30_000, async () =>
      (await runOf(z))?.status === "Sleeping" ? true : null,
    );
    await send({ name: "takeover/held.stop", data: { id: "y" } });
    await poll("y cancelling", 30_000, async () =>
      (await runOf(y))?.status === "Cancelled" ? true : null,
    );
    const xRun = (await runOf(x)) as RunView;

    // Catch the dying worker processing a batch, freeze it, and kill it if it holds the lock.
    let killedAt = 0;
    let lockLeftMs = 0;
    let leaseLeftMs = 0;
    let backlog = 0;
    for (let attempt = 0; attempt < 30 && killedAt === 0; attempt++) {
      await send(
        Array.from({ length: NOISE }, (_, n) => ({ name: "takeover/noise", data: { n } })),
      );
      // It looks for events once per --poll (1 s): give it that long to take the lock.
      const until = Date.now() + 2_000;
      while (Date.now() < until && (await lockUntil(redis, prefix)) <= Date.now()) await sleep(2);
      dying.child.kill("SIGSTOP");
      const lock = await lockUntil(redis, prefix);
      const lease = Number(await redis.zscore(`${hashTag(prefix)}leases`, xRun.id));
      backlog = await redis.zcard(`${hashTag(prefix)}pending`);
      if (lock > Date.now()) {
        dying.child.kill("SIGKILL");
        killedAt = Date.now();
        rescuer.child.kill("SIGCONT");
        lockLeftMs = lock - killedAt;
        leaseLeftMs = lease - killedAt;
      } else dying.child.kill("SIGCONT");
    }
    if (killedAt === 0) throw new Error("takeover: never caught the worker holding the lock");
    await send({ name: "takeover/nap.stop", data: { id: "z" } });

    const deadline = 60_000;
    const [stepAt, cancelAt, endedAt] = await Promise.all([
      poll("x's step to start again", deadline, async () => {
        const found = /step started: x at (\d+)/.exec(rescuer.output());
        return found === null ? null : Number(found[1]);
      }),
      poll("z cancelled", deadline, async () => {
        const at = (await runOf(z))?.cancellation?.at;
        return at === undefined ? null : time(at);
      }),
      poll("y ended", deadline, async () => {
        const ended = (await runOf(y))?.ended_at;
        return ended == null ? null : time(ended);
      }),
    ]);
    return {
      stepRerunMs: stepAt - killedAt,
      cancelEventMs: cancelAt - killedAt,
      cancelledEndedMs: endedAt - killedAt,
      leaseLeftMs,
      lockLeftMs,
      backlog,
    };
  } finally {
    await Promise.all(processes.map((p) => p.stop()));
    await redis.quit();
  }
};

/** When the events lock expires (0 if nobody holds it). */
const lockUntil = async (redis: Redis, prefix: string): Promise<number> => {
  const held = await redis.hget(`${hashTag(prefix)}locks`, "events");
  return held === null ? 0 : Number(held.split(" ")[0]);
};
