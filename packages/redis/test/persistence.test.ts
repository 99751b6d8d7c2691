import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  makeBulkCancellation,
  makeCommit,
  makeIngest,
  makeListener,
  makeRun,
  makeWrite,
  nextVersion,
} from "@quell/conformance";
import type { Run, Store } from "@quell/core";
import { Redis } from "ioredis";
import { afterEach, describe, expect, it } from "vitest";
import { type RedisStore, redisStore } from "../src/index";
import { type RedisServer, startRedisServer, uniquePrefix } from "../src/testing";

const FAR = Number.MAX_SAFE_INTEGER;
const onConnectionError = (): void => {};
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let dir: string | null = null;
const cleanup: (() => Promise<void>)[] = [];

afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
  if (dir !== null) rmSync(dir, { recursive: true, force: true });
  dir = null;
});

/** A redis-server with `appendonly yes` and `appendfsync always` in a fresh directory. */
const durableServer = async (): Promise<RedisServer> => {
  dir = mkdtempSync(join(tmpdir(), "quell-redis-"));
  const server = await startRedisServer({ aofDir: dir });
  cleanup.push(() => server.stop());
  return server;
};

/** SIGKILL the server, then start it again on the same port from the same append-only file. */
const crashAndRestart = async (server: RedisServer, downMs = 0): Promise<RedisServer> => {
  await server.stop("SIGKILL");
  await sleep(downMs);
  const restarted = await startRedisServer({ port: server.port, aofDir: dir ?? undefined });
  cleanup.push(() => restarted.stop());
  return restarted;
};

/** Everything the store can answer about a namespace, read without changing anything. */
const snapshot = async (store: Store, runIds: readonly string[], events: readonly string[]) => ({
  runs: await Promise.all(runIds.map((id) => store.getRun(id))),
  listed: await store.listRuns({ limit: 1_000 }),
  listeners: await Promise.all(events.map((name) => store.findListeners(name, () => "k"))),
  timers: await store.dueTimers(FAR, 1_000),
  nextDueAt: await store.nextDueAt(),
  lastSeq: await store.lastSeq(),
  pending: await store.pendingEvents(1_000),
  bulk: await store.listBulkCancellations(),
  paused: [...(await store.pausedFunctions())].sort(),
});

describe("redis-server killed with SIGKILL (appendonly yes, appendfsync always)", () => {
  it("loses no committed transition of any kind", async () => {
    const server = await durableServer();
    const store = redisStore({ url: server.url, prefix: uniquePrefix("aof"), onConnectionError });
    cleanup.push(() => store.close());

    const [trigger] = await store.ingest([makeIngest({ dedupeKey: "user-1", receivedAt: 10 })]);
    const run = makeRun({ createdAt: 10, state: "sleeping" });
    const other = makeRun({ createdAt: 20, functionId: "other-fn" });
    const cancel = makeListener({
      runId: run.id,
      event: "a/cancel",
      index: { signature: "s", key: "k" },
    });
    const wait = makeListener({ runId: run.id, event: "b/wait", kind: "wait" });
    await store.createRun(makeWrite(run, { addListeners: [cancel], timer: 100, enqueueAt: 10 }));
    await store.createRun(makeWrite(other, { enqueueAt: 30 }));
    expect(await store.claimQueued(10, 10, 50)).toEqual([run.id]);
    expect(await store.acquireLock("events", "worker-a", 10, 1_000)).toBe(true);
    const v2 = nextVersion(run, { state: "waiting" });
    await store.commitRun(
      makeCommit(v2, 1, { addListeners: [wait], timer: 200, emit: [makeIngest({ name: "x/y" })] }),
    );
    await store.markProcessed(trigger?._tag === "Ingested" ? trigger.event.internalId : "");
    const bulk = makeBulkCancellation();
    await store.putBulkCancellation(bulk, null);
    await store.putBulkCancellation({ ...bulk, cancelled: 3, version: 2 }, 1);
    await store.setFunctionPaused("other-fn", true);

    const ids = [run.id, other.id];
    const before = await snapshot(store, ids, ["a/cancel", "b/wait"]);
    await crashAndRestart(server);
    // The same store: its connection comes back by itself, and its scripts are sent again.
    expect(await snapshot(store, ids, ["a/cancel", "b/wait"])).toEqual(before);
    expect(await store.ingest([makeIngest({ dedupeKey: "user-1", receivedAt: 20 })])).toEqual([
      {
        _tag: "Duplicate",
        internalId: trigger?._tag === "Ingested" ? trigger.event.internalId : "",
      },
    ]);
    // The lease and the lock survived too.
    expect(await store.acquireLock("events", "worker-b", 20, 1_020)).toBe(false);
    expect(await store.claimExpiredLeases(49, 10, 60)).toEqual([]);
    expect(await store.claimExpiredLeases(50, 10, 60)).toEqual([run.id]);
    const v3 = nextVersion(v2, { state: "completed" });
    expect((await store.commitRun(makeCommit(v3, 2, { timer: null })))._tag).toBe("Right");
    expect(await store.getRun(run.id)).toEqual(v3);
  });

  it("keeps every acknowledged commit made under load, and each run all-or-nothing", async () => {
    const server = await durableServer();
    const prefix = uniquePrefix("load");
    // No resend, no offline queue, no reconnect: a command the crash cut off fails at once.
    const client = new Redis(server.url, {
      autoResendUnfulfilledCommands: false,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
      lazyConnect: true,
    });
    client.on("error", onConnectionError);
    await client.connect();
    const store = redisStore({ client, prefix });
    const chains = Array.from({ length: 12 }, () => makeRun({ state: "running" }));
    const acked = new Map<string, number>();
    const sideWrites = (run: Run, version: number) => ({
      addListeners: [
        makeListener({ id: `${run.id}-l${version}`, runId: run.id, event: `chain/${run.id}` }),
      ],
      timer: version,
      emit: [makeIngest({ internalId: `${run.id}-e${version}` })],
    });
    for (const run of chains) {
      await store.createRun(makeWrite(run, sideWrites(run, 1)));
      acked.set(run.id, 1);
    }
    const advance = async (first: Run): Promise<void> => {
      let run = first;
      for (;;) {
        const next = nextVersion(run);
        const write = makeCommit(next, run.version, {
          ...sideWrites(run, next.version),
          removeListeners: [`${run.id}-l${run.version}`],
        });
        const result = await store.commitRun(write).catch(() => null);
        if (result?._tag !== "Right") return;
        acked.set(run.id, next.version);
        run = next;
      }
    };
    const load = Promise.all(chains.map(advance));
    await sleep(300);
    await crashAndRestart(server);
    await load;
    client.disconnect();

    const after = redisStore({ url: server.url, prefix });
    cleanup.push(() => after.close());
    let total = 0;
    for (const run of chains) {
      const confirmed = acked.get(run.id) ?? 0;
      total += confirmed;
      const stored = (await after.getRun(run.id))?.version ?? 0;
      // The commit in flight at the crash may or may not have landed; every confirmed one did.
      expect(stored).toBeGreaterThanOrEqual(confirmed);
      expect(stored).toBeLessThanOrEqual(confirmed + 1);
      const listeners = await after.findListeners(`chain/${run.id}`, () => null);
      expect(listeners.map((l) => l.id)).toEqual([`${run.id}-l${stored}`]);
      expect(await after.dueTimers(stored - 0.5, 100)).not.toContain(run.id);
      expect(await after.dueTimers(stored, 100)).toContain(run.id);
      const seqs: number[] = [];
      for (let v = 1; v <= stored; v++) {
        const event = await after.getEvent(`${run.id}-e${v}`);
        expect(event).not.toBeNull();
        seqs.push(event?.seq ?? 0);
      }
      expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
      expect(await after.getEvent(`${run.id}-e${stored + 1}`)).toBeNull();
    }
    // The crash came in the middle of the load, not before or after it.
    expect(total).toBeGreaterThan(chains.length * 3);
  });

  it("finishes a commit sent while the server was down once it is back", async () => {
    const server = await durableServer();
    const store: RedisStore = redisStore({
      url: server.url,
      prefix: uniquePrefix("down"),
      onConnectionError,
    });
    cleanup.push(() => store.close());
    const run = makeRun();
    await store.createRun(makeWrite(run));
    await server.stop("SIGKILL");
    const next = nextVersion(run, { state: "running" });
    const pending = store.commitRun(makeCommit(next, 1, { enqueueAt: 5 }));
    await sleep(300);
    const restarted = await startRedisServer({ port: server.port, aofDir: dir ?? undefined });
    cleanup.push(() => restarted.stop());
    expect((await pending)._tag).toBe("Right");
    expect(await store.getRun(run.id)).toEqual(next);
    expect(await store.claimQueued(5, 10, 100)).toEqual([run.id]);
  });
});
