import type { ListEventsFilter, Store, StoredEvent } from "@quell/core";
import { describe, expect, it } from "vitest";
import {
  inCreationOrder,
  makeCommit,
  makeIngest,
  makeRun,
  makeWrite,
  nextVersion,
} from "../fixtures";
import type { Harness } from "../harness";

/** The port's order: newest first, then internal id descending. */
const newestFirst = (events: readonly StoredEvent[]): StoredEvent[] =>
  [...events].sort(
    (a, b) =>
      b.receivedAt - a.receivedAt ||
      (a.internalId < b.internalId ? 1 : a.internalId > b.internalId ? -1 : 0),
  );

/** Follow cursors to the end, checking each page's size. */
export const allEventPages = async (store: Store, filter: ListEventsFilter, limit: number) => {
  const events: StoredEvent[] = [];
  const sizes: number[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < 1_000; page++) {
    const result: Awaited<ReturnType<Store["listEvents"]>> = await store.listEvents({
      ...filter,
      limit,
      ...(cursor === null ? {} : { cursor }),
    });
    events.push(...result.events);
    sizes.push(result.events.length);
    cursor = result.cursor;
    if (cursor === null) break;
  }
  return { events, sizes };
};

/** 12 events of three names, with ties on `receivedAt`, received out of time order. */
const ingestPopulation = async (store: Store): Promise<StoredEvent[]> => {
  const requests = [30, 10, 20, 20, 50, 40, 20, 60, 10, 0, 30, 30].map((receivedAt, i) =>
    makeIngest({ name: ["shop/order", "shop/refund", "user/signup"][i % 3] ?? "", receivedAt }),
  );
  const results = await store.ingest(requests);
  return results.map((result) => {
    if (result._tag !== "Ingested") throw new Error("expected new events");
    return result.event;
  });
};

const ids = (items: readonly { readonly id: string }[]): string[] =>
  items.map((item) => item.id).sort();

export const eventListTests = ({ fresh }: Harness): void => {
  describe("listEvents", () => {
    const cases: readonly [string, ListEventsFilter, (event: StoredEvent) => boolean][] = [
      ["no filter", {}, () => true],
      ["name", { name: "shop/refund" }, (e) => e.payload.name === "shop/refund"],
      ["receivedAfter (inclusive)", { receivedAfter: 30 }, (e) => e.receivedAt >= 30],
      ["receivedBefore (inclusive)", { receivedBefore: 20 }, (e) => e.receivedAt <= 20],
      [
        "a window and a name",
        { name: "shop/order", receivedAfter: 20, receivedBefore: 50 },
        (e) => e.payload.name === "shop/order" && e.receivedAt >= 20 && e.receivedAt <= 50,
      ],
      ["an unknown name", { name: "nope" }, () => false],
      ["an empty window", { receivedAfter: 31, receivedBefore: 39 }, () => false],
    ];

    for (const [title, filter, keep] of cases) {
      it(`filters by ${title}, newest first`, async () => {
        const store = await fresh();
        const events = await ingestPopulation(store);
        expect(await store.listEvents({ ...filter, limit: 100 })).toEqual({
          events: newestFirst(events.filter(keep)),
          cursor: null,
        });
      });
    }

    it("paginates with an opaque cursor, without duplicates or gaps", async () => {
      const store = await fresh();
      const events = await ingestPopulation(store);
      for (const limit of [1, 2, 5, 12, 20]) {
        const listed = await allEventPages(store, {}, limit);
        expect(listed.events).toEqual(newestFirst(events));
        expect(listed.sizes.slice(0, -1).every((size) => size === limit)).toBe(true);
      }
      const named = await allEventPages(store, { name: "shop/order", receivedAfter: 20 }, 2);
      expect(named.events).toEqual(
        newestFirst(events.filter((e) => e.payload.name === "shop/order" && e.receivedAt >= 20)),
      );
    });

    it("keeps a cursor's place while newer events arrive", async () => {
      const store = await fresh();
      const events = await ingestPopulation(store);
      const first = await store.listEvents({ limit: 5 });
      await store.ingest([makeIngest({ receivedAt: 1_000 })]);
      const next = await store.listEvents({ limit: 100, cursor: first.cursor ?? "" });
      expect([...first.events, ...next.events]).toEqual(newestFirst(events));
    });

    it("rejects a cursor it did not issue with a validation error naming `cursor`", async () => {
      const store = await fresh();
      await ingestPopulation(store);
      for (const cursor of ["not-a-cursor!", "W10", "[]", "abc"]) {
        await expect(store.listEvents({ cursor }), cursor).rejects.toMatchObject({
          _tag: "QuellValidationError",
          field: "cursor",
        });
      }
    });

    it("lists pending and processed events, and the events a run write emits", async () => {
      const store = await fresh();
      const [pending, processed] = [makeIngest({ receivedAt: 1 }), makeIngest({ receivedAt: 2 })];
      await store.ingest([pending, processed]);
      await store.markProcessed(processed.internalId);
      const run = makeRun();
      const emitted = makeIngest({ name: "inngest/function.finished", receivedAt: 3 });
      await store.createRun(makeWrite(run, { emit: [emitted] }));
      const listed = await store.listEvents({});
      expect(listed.events.map((e) => e.internalId)).toEqual([
        emitted.internalId,
        processed.internalId,
        pending.internalId,
      ]);
      expect(listed.events[0]).toEqual(await store.getEvent(emitted.internalId));
    });

    it("lists exactly the events prune left, by every route", async () => {
      const store = await fresh();
      const events = await ingestPopulation(store);
      for (const event of events) await store.markProcessed(event.internalId);
      // A run keeps its trigger; every other event received before 30 may go.
      const kept = events.find((e) => e.receivedAt === 10);
      if (kept === undefined) throw new Error("population has an event at 10");
      await store.createRun(makeWrite(makeRun({ triggerEventId: kept.internalId })));
      const bounds = { endedBefore: 0, receivedBefore: 30, now: 0, limit: 2 };
      let pruned = 0;
      for (let batch = 2; batch === 2; pruned += batch) batch = (await store.prune(bounds)).events;
      expect(pruned).toBe(events.filter((e) => e.receivedAt < 30 && e !== kept).length);
      const left = events.filter((e) => e.receivedAt >= 30 || e === kept);
      expect((await allEventPages(store, {}, 3)).events).toEqual(newestFirst(left));
      for (const name of ["shop/order", "shop/refund", "user/signup"])
        expect((await allEventPages(store, { name }, 2)).events).toEqual(
          newestFirst(left.filter((e) => e.payload.name === name)),
        );
    });
  });

  describe("runsCancelledBy", () => {
    const cancelled = (eventId: string) => ({
      state: "cancelled" as const,
      endedAt: 10,
      cancellation: { source: "event" as const, at: 10, event_id: eventId },
    });

    it("returns the runs whose cancellation record names the event, at their current version", async () => {
      const store = await fresh();
      const [byEvent, other, byApi, sleeping] = inCreationOrder([
        makeRun(cancelled("ev-cancel")),
        makeRun(cancelled("ev-other")),
        makeRun({ state: "cancelled", endedAt: 10, cancellation: { source: "api", at: 10 } }),
        makeRun({ state: "sleeping" }),
      ]);
      if (byEvent === undefined || other === undefined || byApi === undefined || !sleeping)
        throw new Error("four runs");
      for (const run of [byEvent, other, byApi, sleeping]) await store.createRun(makeWrite(run));
      const later = nextVersion(sleeping, cancelled("ev-cancel"));
      await store.commitRun(makeCommit(later, sleeping.version));
      expect(ids(await store.runsCancelledBy("ev-cancel"))).toEqual(ids([byEvent, later]));
      expect(await store.runsCancelledBy("ev-other")).toEqual([other]);
      expect(await store.runsCancelledBy("ev-unknown")).toEqual([]);
    });

    it("follows a record that changes, and forgets a pruned run", async () => {
      const store = await fresh();
      const run = makeRun(cancelled("ev-a"));
      await store.createRun(makeWrite(run));
      const moved = nextVersion(run, cancelled("ev-b"));
      await store.commitRun(makeCommit(moved, run.version));
      expect(await store.runsCancelledBy("ev-a")).toEqual([]);
      expect(await store.runsCancelledBy("ev-b")).toEqual([moved]);
      const cleared = nextVersion(moved, { cancellation: null });
      await store.commitRun(makeCommit(cleared, moved.version));
      expect(await store.runsCancelledBy("ev-b")).toEqual([]);
      const again = nextVersion(cleared, cancelled("ev-b"));
      await store.commitRun(makeCommit(again, cleared.version));
      await store.prune({ endedBefore: 100, receivedBefore: 0, now: 0, limit: 10 });
      expect(await store.getRun(run.id)).toBeNull();
      expect(await store.runsCancelledBy("ev-b")).toEqual([]);
    });
  });
};
