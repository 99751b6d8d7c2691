import { fileURLToPath } from "node:url";
import type { RunView } from "@quell/core";
import { hashTag } from "@quell/redis";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { EVENT_KEY, SIGNING_KEY } from "./support/keys";
import { type QuellProcess, quell, startQuell } from "./support/quell-process";
import { type RedisServer, startRedis } from "./support/redis";

// `quell start --no-workers` and `quell worker` as real processes on a private redis-server.
// The fixture's steps return `process.pid`, so each run says which process executed it.

const FIXTURE = fileURLToPath(new URL("./fixtures/processes.ts", import.meta.url));
const AUTH = { authorization: `Bearer ${SIGNING_KEY}` };
const TIMEOUT = { timeout: 90_000 };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Retry `check` (which asserts) until it passes. */
const eventually = <T>(check: () => Promise<T>): Promise<T> =>
  vi.waitFor(check, { timeout: 45_000, interval: 50 });

let redis: RedisServer;
let admin: Redis;
let namespaces = 0;

beforeAll(async () => {
  redis = await startRedis();
  admin = new Redis(redis.url);
});
afterAll(async () => {
  await admin?.quit();
  await redis?.stop();
});

/** `quell start --no-workers` and a way to start `quell worker`s, on a fresh namespace. */
const setup = async () => {
  namespaces += 1;
  const prefix = `procs${namespaces}:`;
  const shared = [FIXTURE, "--redis", redis.url, "--prefix", prefix];
  const api = await startQuell([
    "start",
    ...shared,
    "--no-workers",
    "--port",
    "0",
    "--event-key",
    EVENT_KEY,
    "--signing-key",
    SIGNING_KEY,
  ]);
  const worker = (args: readonly string[] = [], env: Record<string, string> = {}) =>
    startQuell(["worker", ...shared, "--poll", "50ms", ...args], env);
  const send = async (events: unknown): Promise<string[]> => {
    const response = await fetch(`${api.url}/e/${EVENT_KEY}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(events),
    });
    expect(response.status).toBe(200);
    return ((await response.json()) as { ids: string[] }).ids;
  };
  const get = async <T>(path: string): Promise<T> => {
    const response = await fetch(`${api.url}${path}`, { headers: AUTH });
    return ((await response.json()) as { data: T }).data;
  };
  const runOf = async (eventId: string | undefined): Promise<RunView | undefined> =>
    (await get<RunView[]>(`/v1/events/${eventId}/runs`))[0];
  /** Wait for the run of each event to reach one of `statuses`; the runs. */
  const settled = async (eventIds: readonly string[], ...statuses: string[]) => {
    const runs = new Map<string, RunView>();
    await eventually(async () => {
      for (const id of eventIds) {
        const run = await runOf(id);
        if (run !== undefined && statuses.includes(run.status)) runs.set(id, run);
      }
      expect(runs.size, `runs ${statuses.join("/")}`).toBe(eventIds.length);
    });
    return eventIds.map((id) => runs.get(id) as RunView);
  };
  const stop = (...processes: QuellProcess[]) => Promise.all(processes.map((p) => p.stop()));
  return { prefix, api, worker, send, get, runOf, settled, stop };
};

describe("--lease", TIMEOUT, () => {
  it("refuses what is not a usable duration, naming the flag", async () => {
    const cases: [string, string][] = [
      ["soon", "--lease: invalid duration"],
      ["0", "--lease: must be between 300 ms and 60 minutes, got 0 ms"],
      ["10ms", "--lease: must be between 300 ms and 60 minutes, got 10 ms"],
      ["2h", "--lease: must be between 300 ms and 60 minutes, got 7200000 ms"],
    ];
    for (const [value, message] of cases) {
      const worker = await quell(["worker", "--redis", redis.url, "--lease", value]);
      expect(worker).toMatchObject({ code: 1, stderr: expect.stringContaining(message) });
    }
    const start = await quell([
      "start",
      ...["--redis", redis.url, "--lease", "-1s", "--event-key", EVENT_KEY],
      ...["--signing-key", SIGNING_KEY],
    ]);
    expect(start).toMatchObject({ code: 1, stderr: expect.stringContaining("--lease: ") });
  });
});

describe("quell start --no-workers", TIMEOUT, () => {
  it("executes nothing: every run, cancellation and system event is a worker's", async () => {
    const t = await setup();
    expect(t.api.output()).toContain("API only");
    const whoami = (n: number) => ({ name: "proc/whoami", data: { n } });
    const early = await t.send([1, 2, 3, 4, 5].map(whoami));
    const [napEvent] = await t.send({ name: "proc/nap", data: { id: "n" } });
    await sleep(500);
    // Alone, it does not even process its events into runs.
    for (const id of [...early, napEvent]) expect(await t.runOf(id)).toBeUndefined();
    expect(await admin.zcard(`${hashTag(t.prefix)}pending`)).toBe(6);

    const worker = await t.worker();
    const late = await t.send([6, 7, 8, 9, 10].map(whoami));
    const runs = await t.settled([...early, ...late], "Completed");
    expect(runs.map((run) => run.output)).toEqual(runs.map(() => worker.child.pid));

    const [nap] = await t.settled([napEvent ?? ""], "Sleeping");
    const response = await fetch(`${t.api.url}/v1/runs/${nap?.id}`, {
      method: "DELETE",
      headers: AUTH,
    });
    expect(response.status).toBe(200);
    const cancelled = ((await response.json()) as { data: RunView }).data;
    expect(cancelled.status).toBe("Cancelled");
    expect(cancelled.ended_at).not.toBeNull();
    // Its `inngest/function.cancelled` is processed by the worker, which runs the cleanup.
    const cleanups = await eventually(async () => {
      const runs = await t.get<RunView[]>("/v1/runs?function_id=proc-app-cleanup");
      expect(runs[0]?.status).toBe("Completed");
      return runs;
    });
    expect(cleanups.map((run) => run.output)).toEqual([worker.child.pid]);
    expect(await t.stop(t.api, worker)).toEqual([0, 0]);
  });
});

describe("takeover after SIGKILL", TIMEOUT, () => {
  it("a worker killed holding runs and the events lock: another one processes events and takes the runs over", async () => {
    const t = await setup();
    const lease = ["--lease", "1s"];
    const dying = await t.worker(lease, { QUELL_FIXTURE_HANG: "1" });
    const [x, y, z] = await t.send([
      { name: "proc/held", data: { id: "x" } },
      { name: "proc/held", data: { id: "y" } },
      { name: "proc/nap", data: { id: "z" } },
    ]);
    await eventually(async () => {
      expect(dying.output()).toContain("started: x");
      expect(dying.output()).toContain("started: y");
    });
    await t.settled([z ?? ""], "Sleeping");
    // y is cancelled while its step is in flight: Cancelled, not ended until that step settles.
    await t.send({ name: "proc/held.stop", data: { id: "y" } });
    const [cancelling] = await t.settled([y ?? ""], "Cancelled");
    expect(cancelling?.ended_at).toBeNull();

    // Catch it processing a long batch of events (it is the only worker, so the only possible
    // holder of the events lock), freeze it, and kill it if it still holds the lock.
    let killed = false;
    for (let attempt = 0; attempt < 20 && !killed; attempt++) {
      await t.send(Array.from({ length: 2_000 }, (_, n) => ({ name: "proc/noise", data: { n } })));
      for (let i = 0; i < 100 && !(await holdsEventsLock(t.prefix)); i++) await sleep(5);
      dying.child.kill("SIGSTOP");
      if (await holdsEventsLock(t.prefix)) {
        dying.child.kill("SIGKILL");
        killed = true;
      } else dying.child.kill("SIGCONT");
    }
    expect(killed).toBe(true);
    await dying.exited;
    // Ingested after the kill: a cancel event for the sleeping run, and a new run.
    const [, w] = await t.send([
      { name: "proc/nap.stop", data: { id: "z" } },
      { name: "proc/whoami", data: {} },
    ]);

    const rescuer = await t.worker(lease);
    const [xDone, wDone] = await t.settled([x ?? "", w ?? ""], "Completed");
    expect(xDone?.output).toBe(rescuer.child.pid); // its step ran again, in the rescuer
    expect(wDone?.output).toBe(rescuer.child.pid);
    const [zCancelled] = await t.settled([z ?? ""], "Cancelled");
    expect(zCancelled?.cancellation?.source).toBe("event");
    await eventually(async () => expect((await t.runOf(y))?.ended_at).toEqual(expect.any(String)));
    await eventually(async () => expect(await admin.zcard(`${hashTag(t.prefix)}pending`)).toBe(0));
    expect(rescuer.output()).toContain("started: x");
    expect(rescuer.output()).not.toContain("started: y"); // cancelled: never run again
    expect(await t.stop(t.api, rescuer)).toEqual([0, 0]);
  });
});

/** Whether some process holds the events lock now (by the lock's own expiry). */
const holdsEventsLock = async (prefix: string): Promise<boolean> => {
  const held = await admin.hget(`${hashTag(prefix)}locks`, "events");
  return held !== null && Number(held.split(" ")[0]) > Date.now();
};
