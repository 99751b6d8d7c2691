import fc from "fast-check";
import { expect } from "vitest";
import { type Command, command, POOLS, pickEvent, request } from "./world";

/** Ingestion, the pending list and event reads, with clock steps that cross the dedupe window. */
export const eventCommands = (dedupeWindowMs: number): fc.Arbitrary<Command>[] => {
  const item = fc.record({
    name: fc.constantFrom(...POOLS.events),
    dedupeKey: fc.option(fc.constantFrom(...POOLS.dedupeKeys), { nil: null }),
    advance: fc.constantFrom(0, 1, dedupeWindowMs - 1, dedupeWindowMs),
  });

  const ingest = fc.array(item, { maxLength: 4 }).map((items) =>
    command("ingest", items, async (world, store) => {
      const requests = items.map(({ name, dedupeKey, advance }) => {
        world.clock += advance;
        return request(world, name, dedupeKey);
      });
      const expected = world.ref.ingest(requests);
      expect(await store.ingest(requests)).toEqual(expected);
    }),
  );

  const markProcessed = fc.nat(12).map((pick) =>
    command("markProcessed", pick, async (world, store) => {
      const id = pickEvent(world, pick);
      world.ref.markProcessed(id);
      await store.markProcessed(id);
      expect(await store.pendingEvents(100)).toEqual(world.ref.pendingEvents(100));
    }),
  );

  const pending = fc.nat(5).map((limit) =>
    command("pendingEvents", limit, async (world, store) => {
      expect(await store.pendingEvents(limit)).toEqual(world.ref.pendingEvents(limit));
    }),
  );

  const getEvent = fc.nat(12).map((pick) =>
    command("getEvent", pick, async (world, store) => {
      const id = pickEvent(world, pick);
      expect(await store.getEvent(id)).toEqual(world.ref.getEvent(id));
      expect(await store.lastSeq()).toBe(world.ref.lastSeq());
    }),
  );

  return [ingest, markProcessed, pending, getEvent];
};
