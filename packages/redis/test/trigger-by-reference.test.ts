import {
  anyRun,
  makeCommit,
  makeIngest,
  makeRun,
  makeWrite,
  nextVersion,
} from "@quell/conformance";
import type { EventPayload, Run, StoredEvent } from "@quell/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compactPayload } from "../src/event-form";
import { hashTag, type RedisStore, redisStore } from "../src/index";
import { SCRIPTS } from "../src/scripts";
import { commandsDuring } from "./support/monitor";
import { privateRedis } from "./support/private-redis";
import { putWholeRunJson, storedRun, storedRunJson } from "./support/run-json";

// A run's JSON leaves out its trigger event when the event log holds that same event
// (includes/runJsonFor): the two share one record, and reading takes the event from the log.

const redis = privateRedis("tref");
const client = () => redis.client();

/** An event ingested and read back as the engine reads it (`pendingEvents`). */
const storedEvent = async (store: RedisStore, data: EventPayload["data"] = { id: "o-1" }) => {
  const [result] = await store.ingest([makeIngest({ name: "order/placed", data, receivedAt: 5 })]);
  if (result?._tag !== "Ingested") throw new Error("not ingested");
  const pending = await store.pendingEvents(1_000);
  const event = pending.find((e) => e.internalId === result.event.internalId);
  if (event === undefined) throw new Error("not pending");
  return event;
};

const runOf = (event: StoredEvent, overrides: Partial<Run> = {}): Run =>
  makeRun({
    event: event.payload,
    events: [event.payload],
    triggerEventId: event.internalId,
    ...overrides,
  });

/** Another store instance of `store`'s namespace: it knows nothing of the runs `store` wrote. */
const twin = (store: RedisStore): RedisStore =>
  redisStore({ client: client(), prefix: store.prefix });

/** The commands the server saw while `work` ran, each as its name and first argument. */
const watch = async (work: () => Promise<void>): Promise<string[][]> =>
  (await watchArgs(work)).map((args) => args.slice(0, 2));

/** The full commands (name and every argument) the server saw while `work` ran. */
const watchArgs = async (work: () => Promise<void>): Promise<string[][]> =>
  (await commandsDuring(client(), work)).map(({ args }) => args);

const runKey = (store: RedisStore, run: Run) => `${hashTag(store.prefix)}r:${run.id}`;

/** The run's stored JSON, parsed, and its hash's mark of a JSON without the event. */
const storedForm = async (store: RedisStore, run: Run) => ({
  json: JSON.parse((await storedRunJson(client(), runKey(store, run))) ?? "null"),
  byReference: await client().hget(runKey(store, run), "r"),
});

describe("a run's trigger event", () => {
  it("is stored once when the event log holds it: the run's JSON leaves it out", async () => {
    const store = redis.fresh();
    const event = await storedEvent(store);
    const run = runOf(event);
    await store.createRun(makeWrite(run));
    const { json, byReference } = await storedForm(store, run);
    expect(byReference).toBe("1");
    expect(json).not.toHaveProperty("e");
    expect(await store.getRun(run.id)).toEqual(run);
    expect(await store.runsForEvent(event.internalId)).toEqual([run]);
  });

  it("stays in the run's JSON when the log does not hold it, or holds another payload", async () => {
    const store = redis.fresh();
    const event = await storedEvent(store);
    const neverIngested = makeRun();
    const otherPayload = runOf(event, {
      event: { ...event.payload, data: { id: "o-2" } },
      events: [{ ...event.payload, data: { id: "o-2" } }],
    });
    for (const run of [neverIngested, otherPayload]) {
      await store.createRun(makeWrite(run));
      const { json, byReference } = await storedForm(store, run);
      expect(byReference).toBeNull();
      // Stored compact, as the log stores events (src/event-form.ts).
      expect(json.e).toEqual(compactPayload(run.event, run.triggerEventId));
      expect(json.e).not.toHaveProperty("user");
      const stored = await store.getRun(run.id);
      expect(stored).toEqual({ ...run, createdPos: stored?.createdPos });
    }
  });

  it("moves between the two forms when a commit changes the trigger", async () => {
    const store = redis.fresh();
    const first = await storedEvent(store, { id: "a" });
    const run = runOf(first);
    await store.createRun(makeWrite(run));
    // A trigger the log does not hold: the event goes back in the JSON, the mark goes.
    const elsewhere = nextVersion(run, { triggerEventId: "not-stored" });
    expect((await store.commitRun(makeCommit(elsewhere, run.version)))._tag).toBe("Right");
    expect((await storedForm(store, run)).byReference).toBeNull();
    expect(await store.getRun(run.id)).toEqual(elsewhere);
    // Back to one it holds: by reference again.
    const second = await storedEvent(store, { id: "b" });
    const back = nextVersion(elsewhere, {
      triggerEventId: second.internalId,
      event: second.payload,
      events: [second.payload],
    });
    expect((await store.commitRun(makeCommit(back, elsewhere.version)))._tag).toBe("Right");
    expect((await storedForm(store, run)).byReference).toBe("1");
    expect(await store.getRun(run.id)).toEqual(back);
  });

  it("is read with the run: one script for a store new to the run, one HMGET for its writer", async () => {
    const writer = redis.fresh();
    const run = runOf(await storedEvent(writer));
    await writer.createRun(makeWrite(run));
    const reader = twin(writer);
    expect(await reader.getRun("no-such-run")).toBeNull(); // its first call checks the layout
    const tag = hashTag(writer.prefix);
    const commands = await watch(async () => {
      expect(await reader.getRun(run.id)).toEqual(run);
    });
    expect(commands).toEqual([
      ["evalsha", SCRIPTS.getRun.sha],
      ["HMGET", runKey(writer, run)],
      ["HGET", `${tag}ev`],
    ]);
    // The writer knows the run and its event: one HMGET, no script, the event not read again.
    const known = await watch(async () => {
      expect(await writer.getRun(run.id)).toEqual(run);
    });
    expect(known).toEqual([["hmget", runKey(writer, run)]]);
  });

  it("is read right by a store whose knowledge of the run's trigger is stale", async () => {
    const writer = redis.fresh();
    const run = runOf(await storedEvent(writer, { id: "a" }));
    await writer.createRun(makeWrite(run));
    const other = twin(writer);
    const second = await storedEvent(writer, { id: "b" });
    const moved = nextVersion(run, {
      triggerEventId: second.internalId,
      event: second.payload,
      events: [second.payload],
    });
    expect((await other.commitRun(makeCommit(moved, run.version)))._tag).toBe("Right");
    expect(await writer.getRun(run.id)).toEqual(moved);
  });

  it("is not sent again by a commit of a run the store knows takes it from the log", async () => {
    const store = redis.fresh();
    const marker = "marker-7f3a";
    const run = runOf(await storedEvent(store, { id: marker }));
    await store.createRun(makeWrite(run)); // its reply says: by reference
    const next = nextVersion(run, { state: "running" });
    const sent = await watchArgs(async () => {
      expect((await store.commitRun(makeCommit(next, run.version)))._tag).toBe("Right");
    });
    const commit = sent.find((args) => args[1] === SCRIPTS.commitRun.sha);
    expect(commit?.some((arg) => arg.includes(marker))).toBe(false);
    expect((await storedForm(store, run)).byReference).toBe("1");
    expect(await twin(store).getRun(run.id)).toEqual(next);
  });

  it("is not kept in the store's memory above 16 KiB: such a run is read and committed with it", async () => {
    const store = redis.fresh();
    const marker = `marker-${"x".repeat(17 * 1024)}`;
    const run = runOf(await storedEvent(store, { id: marker }));
    await store.createRun(makeWrite(run));
    expect((await storedForm(store, run)).byReference).toBe("1");
    const next = nextVersion(run, { state: "running" });
    const sent = await watchArgs(async () => {
      expect((await store.commitRun(makeCommit(next, run.version)))._tag).toBe("Right");
      expect(await store.getRun(run.id)).toEqual(next);
    });
    const commit = sent.find((args) => args[1] === SCRIPTS.commitRun.sha);
    expect(commit?.some((arg) => arg.includes(marker))).toBe(true);
    expect(sent.some((args) => args[1] === SCRIPTS.getRun.sha)).toBe(true);
  });

  it("is sent after all when the hash no longer takes it from the log (the script asks for it)", async () => {
    const store = redis.fresh();
    const run = runOf(await storedEvent(store));
    await store.createRun(makeWrite(run));
    // Behind the store's back: the run's JSON holds its event again and the mark is gone.
    await putWholeRunJson(client(), runKey(store, run), JSON.stringify(storedRun(run)));
    await client().hdel(runKey(store, run), "r");
    const next = nextVersion(run, { state: "running" });
    expect((await store.commitRun(makeCommit(next, run.version)))._tag).toBe("Right");
    expect(await twin(store).getRun(run.id)).toEqual(next);
  });

  it("outlives no stored run: retention takes it after its last run, not before", async () => {
    const store = redis.fresh();
    const event = await storedEvent(store);
    await store.markProcessed(event.internalId);
    const run = runOf(event, { state: "completed", endedAt: 10 });
    await store.createRun(makeWrite(run));
    const keepRuns = { endedBefore: 0, receivedBefore: 1_000, now: 1_000, limit: 10 };
    expect((await store.prune(keepRuns)).events).toBe(0);
    expect(await store.getRun(run.id)).toEqual(run);
    const all = { ...keepRuns, endedBefore: 1_000 };
    expect(await store.prune(all)).toMatchObject({ runs: 1, events: 1 });
    expect(await store.getEvent(event.internalId)).toBeNull();
  });

  it("makes a read fail naming the run when the log lost it", async () => {
    const store = redis.fresh();
    const event = await storedEvent(store);
    const run = runOf(event);
    await store.createRun(makeWrite(run));
    await client().hdel(`${hashTag(store.prefix)}ev`, event.internalId);
    // A store new to the run reads the event from the log (its writer knows it already).
    const reader = twin(store);
    await expect(reader.getRun(run.id)).rejects.toMatchObject({
      failure: { _tag: "CorruptValue", what: "run" },
    });
    await expect(reader.getRun(run.id)).rejects.toThrow(run.id);
  });

  it("gives back any run, its event ingested or not", async () => {
    await fc.assert(
      fc.asyncProperty(anyRun, fc.boolean(), async (generated, ingested) => {
        const store = redis.fresh();
        const event = ingested ? await storedEvent(store, { n: generated.id }) : null;
        const run: Run =
          event === null
            ? generated
            : {
                ...generated,
                event: event.payload,
                events: [event.payload, ...generated.events.slice(1)],
                triggerEventId: event.internalId,
              };
        await store.createRun(makeWrite(run));
        const stored = await store.getRun(run.id);
        expect(stored).toEqual({ ...run, createdPos: stored?.createdPos });
      }),
      { numRuns: 40 },
    );
  });
});
