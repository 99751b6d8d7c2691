// SPEC §7.8 on Redis: `singleton` decided by the createRun-14 / commitRun-13 scripts, on one
// engine and between two engines (each on its own connection and virtual clock) on one Redis.
import { type FunctionConfig, Quell, type QuellFunction, type Run } from "@quell/core";
import { createEngine, type Engine, type VirtualClock, virtualClock } from "@quell/engine";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashTag, type RedisStore, redisStore } from "../src/index";
import { dropNamespace, type RedisServer, startRedisServer, uniquePrefix } from "../src/testing";
import { until } from "./support/until";

const T0 = Date.UTC(2024, 0, 1);
const POLL_MS = 50;
const quiet = { debug() {}, info() {}, warn() {}, error: console.error };

type Singleton = NonNullable<FunctionConfig["singleton"]>;

let server: RedisServer;
let admin: Redis;
const clients: Redis[] = [];
const prefixes: string[] = [];

beforeAll(async () => {
  server = await startRedisServer();
  admin = new Redis(server.url);
});

afterAll(async () => {
  for (const prefix of prefixes) await dropNamespace(admin, prefix);
  for (const client of clients) await client.quit();
  await admin?.quit();
  await server?.stop();
});

/** Syncs a user (a step held in flight when the event says `hold`), then cools down an hour. */
const syncFunction = (singleton: Singleton, hold?: Promise<string>): QuellFunction =>
  new Quell({ id: "app" }).createFunction(
    { id: "sync", singleton, cancelOn: [{ event: "user/stop", match: "data.user" }] },
    { event: "user/sync" },
    async ({ event, step }) => {
      await step.run("sync", async () => (event.data.hold === true ? hold : "synced"));
      await step.sleep("cool-down", "1h");
      return "done";
    },
  );

interface Process {
  readonly engine: Engine;
  readonly clock: VirtualClock;
  readonly store: RedisStore;
}

/** An engine on its own Redis connection, in namespace `prefix` (`pollMs`: for several). */
const processOn = async (
  prefix: string,
  fn: QuellFunction,
  options: { readonly pollMs?: number } = {},
): Promise<Process> => {
  const client = new Redis(server.url);
  clients.push(client);
  const clock = virtualClock(T0);
  const store = redisStore({ client, prefix });
  const engine = createEngine({
    functions: [fn],
    store,
    clock,
    logger: quiet,
    retention: false,
    ...options,
  });
  await engine.start();
  return { engine, clock, store };
};

const namespace = (): string => {
  const prefix = uniquePrefix("single");
  prefixes.push(prefix);
  return prefix;
};

const sync = (user: string, extra: Record<string, boolean> = {}) => ({
  name: "user/sync",
  data: { user, ...extra },
});

/**
 * The run an event started. With two engines on the store, the other one may be the one that
 * processes the event (woken by the store's signal): wait for the run rather than assume it.
 */
const runFor = async (p: Process, eventId: string | undefined): Promise<Run> => {
  let found: Run | undefined;
  await until(`a run for event ${eventId}`, async () => {
    [found] = await p.store.runsForEvent(eventId ?? "");
    return found !== undefined || "none yet";
  });
  return found as Run;
};

/** Runs of the function that are in progress for a singleton: not ended, not cancelling. */
const inProgress = (runs: readonly Run[]) =>
  runs.filter(
    (run) => !["cancelling", "cancelled", "completed", "failed", "skipped"].includes(run.state),
  );

describe("singleton on one engine with the Redis store", () => {
  it("skip: a second event for the key is Skipped naming the run in progress; another key runs", async () => {
    const p = await processOn(namespace(), syncFunction({ key: "event.data.user", mode: "skip" }));
    const first = await runFor(p, (await p.engine.send(sync("u1"))).ids[0]);
    await p.engine.idle();
    const second = await runFor(p, (await p.engine.send(sync("u1"))).ids[0]);
    const other = await runFor(p, (await p.engine.send(sync("u2"))).ids[0]);
    await p.engine.idle();
    expect(second.state).toBe("skipped");
    expect(second.timeline.at(-1)?.detail).toBe(`singleton: run ${first.id} is in progress`);
    expect((await p.store.getRun(other.id))?.state).toBe("sleeping");
    expect((await p.store.getRun(first.id))?.state).toBe("sleeping");
    await p.clock.advance("1h");
    await p.engine.idle();
    const again = await runFor(p, (await p.engine.send(sync("u1"))).ids[0]);
    await p.engine.idle();
    expect((await p.store.getRun(again.id))?.state).toBe("sleeping");
    await p.engine.stop();
  });

  it("cancel: the run in progress is cancelled naming the new run, which runs", async () => {
    const p = await processOn(
      namespace(),
      syncFunction({ key: "event.data.user", mode: "cancel" }),
    );
    const first = await runFor(p, (await p.engine.send(sync("u1"))).ids[0]);
    await p.engine.idle();
    const second = await runFor(p, (await p.engine.send(sync("u1"))).ids[0]);
    await p.engine.idle();
    const old = await p.store.getRun(first.id);
    expect(old?.state).toBe("cancelled");
    expect(old?.cancellation).toEqual({
      source: "singleton",
      at: T0,
      caused_by_run_id: second.id,
      reason: "a newer run of this singleton started",
    });
    expect((await p.store.getRun(second.id))?.state).toBe("sleeping");
    await p.engine.stop();
  });

  it("cancel: a run with a step in flight releases the slot when its cancellation commits", async () => {
    let release!: (value: string) => void;
    const held = new Promise<string>((resolve) => {
      release = resolve;
    });
    const p = await processOn(
      namespace(),
      syncFunction({ key: "event.data.user", mode: "cancel" }, held),
    );
    const first = await runFor(p, (await p.engine.send(sync("u1", { hold: true }))).ids[0]);
    for (let i = 0; i < 100 && (await p.store.getRun(first.id))?.inFlight === null; i++)
      await new Promise((resolve) => setTimeout(resolve, 10));
    const second = await runFor(p, (await p.engine.send(sync("u1"))).ids[0]);
    for (let i = 0; i < 100 && (await p.store.getRun(second.id))?.state !== "sleeping"; i++)
      await new Promise((resolve) => setTimeout(resolve, 10));
    expect((await p.store.getRun(first.id))?.state).toBe("cancelling");
    expect((await p.store.getRun(second.id))?.state).toBe("sleeping");
    release("late");
    await p.engine.idle();
    const ended = await p.store.getRun(first.id);
    expect(ended?.state).toBe("cancelled");
    expect(Object.values(ended?.steps ?? {})).toMatchObject([
      { id: "sync", output: "late", settledAfterCancel: true },
    ]);
    await p.engine.stop();
  });

  it("decides the events of one batch in ingestion order, and refuses a key with no value", async () => {
    const p = await processOn(namespace(), syncFunction({ key: "event.data.user", mode: "skip" }));
    const { ids } = await p.engine.send([
      sync("u1"),
      sync("u1"),
      { name: "user/stop", data: { user: "u1" } },
      sync("u1"),
      { name: "user/sync", data: {} },
    ]);
    await p.engine.idle();
    const states = await Promise.all(
      [0, 1, 3, 4].map(async (i) => (await runFor(p, ids[i])).state),
    );
    expect(states).toEqual(["cancelled", "skipped", "sleeping", "skipped"]);
    const missing = await runFor(p, ids[4]);
    expect(missing.timeline.at(-1)?.detail).toBe(
      "singleton key `event.data.user` has no value: No such key: user",
    );
    await p.engine.stop();
  });
});

describe("singleton between two engines on one Redis", () => {
  const several = { pollMs: POLL_MS };
  /** Let both engines process whatever is pending (the events lock takes turns). */
  const settle = async (processes: readonly Process[]): Promise<void> => {
    for (let round = 0; round < 50; round++) {
      await Promise.all(processes.map((p) => p.engine.idle()));
      if ((await processes[0]?.store.pendingEvents(1))?.length === 0) return;
      await Promise.all(processes.map((p) => p.clock.advance(POLL_MS)));
    }
    throw new Error("events still pending");
  };

  it("events for one key sent through both engines at once leave one run in progress (cancel: the older is cancelled by the newer)", async () => {
    const prefix = namespace();
    const fn = syncFunction({ key: "event.data.user", mode: "cancel" });
    const [a, b] = [await processOn(prefix, fn, several), await processOn(prefix, fn, several)] as [
      Process,
      Process,
    ];
    const users = Array.from({ length: 10 }, (_, i) => `u${i}`);
    const sent = await Promise.all(
      users.flatMap((user) => [a.engine.send(sync(user)), b.engine.send(sync(user))]),
    );
    await settle([a, b]);
    for (const [i, user] of users.entries()) {
      const runs = await Promise.all(
        [sent[2 * i], sent[2 * i + 1]].map((s) => runFor(a, s?.ids[0])),
      );
      const [older, newer] = runs.sort((x, y) => x.createdSeq - y.createdSeq) as [Run, Run];
      expect(
        inProgress(runs).map((r) => r.id),
        user,
      ).toEqual([newer.id]);
      expect(older.cancellation).toMatchObject({ source: "singleton", caused_by_run_id: newer.id });
    }
    await Promise.all([a.engine.stop(), b.engine.stop()]);
  });

  for (const mode of ["cancel", "skip"] as const) {
    it(`replays racing on both engines claim the slot atomically (${mode}): never two runs in progress`, async () => {
      const prefix = namespace();
      const fn = syncFunction({ key: "event.data.user", mode });
      const [a, b] = [
        await processOn(prefix, fn, several),
        await processOn(prefix, fn, several),
      ] as [Process, Process];
      const users = Array.from({ length: 10 }, (_, i) => `u${i}`);
      // Two ended runs per user (the second cancels or skips the first, then both are over).
      const originals: [Run, Run][] = [];
      for (const user of users) {
        const first = await runFor(a, (await a.engine.send(sync(user))).ids[0]);
        await a.engine.idle();
        await a.engine.cancelRun(first.id);
        const second = await runFor(a, (await a.engine.send(sync(user))).ids[0]);
        await a.engine.idle();
        await a.engine.cancelRun(second.id);
        originals.push([first, second]);
      }
      // Both engines replay a run of the same user at the same moment: two claims race.
      const replays = await Promise.all(
        originals.flatMap(([x, y]) => [a.engine.replayRun(x.id), b.engine.replayRun(y.id)]),
      );
      await settle([a, b]);
      for (const [i, user] of users.entries()) {
        const pair = await Promise.all(
          [replays[2 * i], replays[2 * i + 1]].map(
            async (r) => (await a.store.getRun(r?.id ?? "")) as Run,
          ),
        );
        expect(inProgress(pair), user).toHaveLength(1);
        const [live] = inProgress(pair) as [Run];
        const loser = pair.find((run) => run.id !== live.id) as Run;
        if (mode === "cancel") {
          expect(loser.cancellation).toMatchObject({
            source: "singleton",
            caused_by_run_id: live.id,
          });
        } else {
          expect(loser.state).toBe("skipped");
          expect(loser.timeline.at(-1)?.detail).toBe(`singleton: run ${live.id} is in progress`);
        }
      }
      const slots = await admin.hgetall(`${hashTag(prefix)}singletons`);
      expect(Object.keys(slots).sort()).toEqual(users.map((u) => `app-sync|"${u}"`).sort());
      await Promise.all([a.engine.stop(), b.engine.stop()]);
    });
  }
});
