import { anyPayload, makeIngest, makePayload, makeRun, makeWrite } from "@quell/conformance";
import type { EventPayload, Json } from "@quell/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { eventMember } from "../src/encode";
import { compactPayload, expandPayload } from "../src/event-form";
import { hashTag, type RedisStore } from "../src/index";
import { privateRedis } from "./support/private-redis";
import { storedRunJson } from "./support/run-json";

// The log stores an event without its internal id (the hash field) and its payload without
// `id` when it is the internal id and without `user` when it is {} (src/event-form.ts).

const redis = privateRedis("evform");
const client = () => redis.client();
const logKey = (store: RedisStore, name: string) => `${hashTag(store.prefix)}${name}`;

/** A payload, and an internal id that is its `id` or not. */
const anyEvent = fc
  .tuple(anyPayload, fc.boolean(), fc.stringMatching(/^[0-9A-Z]{26}$/))
  .map(([payload, sameId, other]) => ({ payload, internalId: sameId ? payload.id : other }));

/** Keys and values in order: `toEqual` alone ignores key order. */
const exactly = (value: unknown) => JSON.stringify(value);

describe("the stored form of an event", () => {
  it("gives back any payload exactly, key order included, once stored compact", () => {
    fc.assert(
      fc.property(anyEvent, ({ payload, internalId }) => {
        const stored = JSON.parse(JSON.stringify(compactPayload(payload, internalId)));
        const read = expandPayload(stored, internalId) as EventPayload;
        expect(exactly(read)).toBe(exactly(payload));
        expect(read).toEqual(payload);
      }),
      { numRuns: 500 },
    );
  });

  it("leaves out the id that is the internal id and a user of {}; keeps any other", () => {
    const own = makePayload({ id: "ev-1", user: {} });
    expect(compactPayload(own, "ev-1")).toEqual({ name: own.name, data: {}, ts: 0 });
    const theirs = makePayload({ id: "order-7", user: { email: "a@b.c" } });
    expect(compactPayload(theirs, "ev-2")).toBe(theirs);
    const odd = { ...makePayload({ id: "ev-3" }), extra: 1 } as unknown as EventPayload;
    expect(compactPayload(odd, "ev-3")).toBe(odd);
  });

  it("is what the log holds: no internal id, the payload compact, seq last", async () => {
    const store = redis.fresh();
    const request = makeIngest({ internalId: "01EVENT", name: "a/b", data: { x: 1 } });
    await store.ingest([{ ...request, receivedAt: 5, payload: { ...request.payload, ts: 5 } }]);
    expect(await client().hget(logKey(store, "ev"), "01EVENT")).toBe(
      '{"receivedAt":5,"payload":{"name":"a/b","data":{"x":1},"ts":5},"seq":1}',
    );
  });

  it("reads any event back exactly from pendingEvents, getEvent and listEvents", async () => {
    const store = redis.fresh();
    await fc.assert(
      fc.asyncProperty(anyEvent, async ({ payload, internalId }) => {
        const request = { internalId, payload, dedupeKey: null, receivedAt: payload.ts };
        const [result] = await store.ingest([request]);
        if (result?._tag !== "Ingested") return; // the same internal id drawn twice
        const pending = (await store.pendingEvents(1_000)).find((e) => e.internalId === internalId);
        const got = await store.getEvent(internalId);
        const page = await store.listEvents({ receivedBefore: payload.ts, limit: 1_000 });
        const listed = page.events.find((e) => e.internalId === internalId);
        for (const event of [pending, got, listed]) {
          expect(event).toEqual(result.event);
          expect(exactly(event?.payload)).toBe(exactly(payload));
        }
        await store.markProcessed(internalId);
      }),
      { numRuns: 60 },
    );
  });

  it("reads an event stored whole, as earlier versions wrote it, and a run it triggered", async () => {
    const store = redis.fresh();
    const payload = makePayload({ name: "old/event", id: "01OLD", data: { n: 1 }, ts: 9 });
    const old = { internalId: "01OLD", receivedAt: 9, payload, seq: 1 };
    await client().hset(logKey(store, "ev"), "01OLD", JSON.stringify(old));
    await client().set(logKey(store, "seq"), "1");
    await client().zadd(logKey(store, "pending"), 1, "01OLD");
    await client().zadd(logKey(store, "ev:o"), 0, eventMember(old));
    expect(await store.pendingEvents(10)).toEqual([old]);
    expect(await store.getEvent("01OLD")).toEqual(old);
    expect((await store.listEvents({})).events).toEqual([old]);
    // The old form is no byte-for-byte match for the compact one: the run keeps its own copy.
    const run = makeRun({ triggerEventId: "01OLD", event: payload, events: [payload] });
    await store.createRun(makeWrite(run));
    const json = JSON.parse(
      (await storedRunJson(client(), `${hashTag(store.prefix)}r:${run.id}`)) ?? "{}",
    );
    expect(json.e).toEqual({ name: "old/event", data: { n: 1 }, ts: 9 });
    const stored = await store.getRun(run.id);
    expect(stored).toEqual({ ...run, createdPos: stored?.createdPos });
  });

  describe("a system event whose events repeat its trigger event", () => {
    const trigger = makePayload({ name: "order/placed", id: "01TRIG", data: { id: "o-1" }, ts: 3 });
    const finished = (events: Json[]): EventPayload =>
      makePayload({
        name: "inngest/function.finished",
        id: "01SYS",
        ts: 7,
        data: { _inngest: { status: "Completed" }, event: trigger, events, run_id: "r", result: 1 },
      });

    it("keeps the trigger once: events as 0, given back as [event] in its place", () => {
      const payload = finished([trigger]);
      const stored = JSON.parse(JSON.stringify(compactPayload(payload, "01SYS")));
      expect(stored.data.events).toBe(0);
      expect(JSON.stringify(stored).length).toBeLessThan(
        JSON.stringify(payload).length - JSON.stringify(trigger).length,
      );
      const read = expandPayload(stored, "01SYS");
      expect(exactly(read)).toBe(exactly(payload));
      // An equal copy (as decoded from JSON) is the same trigger too.
      const copy = finished([JSON.parse(JSON.stringify(trigger))]);
      expect(
        exactly(expandPayload(JSON.parse(JSON.stringify(compactPayload(copy, "01SYS"))), "01SYS")),
      ).toBe(exactly(copy));
    });

    it("keeps events whole when they are more, or other, or the event is not a system event", () => {
      const two = finished([trigger, trigger]);
      expect((compactPayload(two, "01SYS") as EventPayload).data.events).toEqual([
        trigger,
        trigger,
      ]);
      const other = finished([{ ...trigger, data: { id: "o-2" } }]);
      expect((compactPayload(other, "01SYS") as EventPayload).data.events).toHaveLength(1);
      const user = { ...finished([trigger]), name: "app/finished" };
      expect((compactPayload(user, "01SYS") as EventPayload).data.events).toEqual([trigger]);
    });

    it("is stored so in the log, read back exactly, and a run it triggers refers to it", async () => {
      const store = redis.fresh();
      const payload = finished([trigger]);
      await store.ingest([{ internalId: "01SYS", payload, dedupeKey: null, receivedAt: 7 }]);
      const json = JSON.parse((await client().hget(logKey(store, "ev"), "01SYS")) ?? "{}");
      expect(json.payload.data.events).toBe(0);
      const [pending] = await store.pendingEvents(10);
      if (pending === undefined) throw new Error("not pending");
      const got = await store.getEvent("01SYS");
      const [listed] = (await store.listEvents({})).events;
      for (const event of [pending, got, listed])
        expect(exactly(event?.payload)).toBe(exactly(payload));
      const run = makeRun({
        triggerEventId: "01SYS",
        event: pending.payload,
        events: [pending.payload],
      });
      await store.createRun(makeWrite(run));
      expect(await client().hget(`${hashTag(store.prefix)}r:${run.id}`, "r")).toBe("1");
      const stored = await store.getRun(run.id);
      expect(stored).toEqual({ ...run, createdPos: stored?.createdPos });
    });
  });
});
