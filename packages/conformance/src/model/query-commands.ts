import type { ListEventsFilter, ListRunsFilter, RunState } from "@quell/core";
import fc from "fast-check";
import { expect } from "vitest";
import { allEventPages } from "../suites/event-list";
import { allPages } from "../suites/queries";
import { type Command, command, POOLS, pickEvent } from "./world";

const byId = <T extends { readonly id: string }>(items: readonly T[]): T[] =>
  [...items].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

const findListeners = fc
  .record({
    event: fc.constantFrom(...POOLS.events),
    keys: fc.tuple(...POOLS.signatures.map(() => fc.option(fc.constantFrom(...POOLS.keys)))),
  })
  .map((params) =>
    command("findListeners", params, async (world, store) => {
      const table = new Map<string, string | null>(
        POOLS.signatures.map((s, i) => [s, params.keys[i] ?? null]),
      );
      const keyFor = (signature: string) => table.get(signature) ?? null;
      const expected = world.ref.findListeners(params.event, keyFor);
      expect(byId(await store.findListeners(params.event, keyFor))).toEqual(byId(expected));
    }),
  );

const schedule = fc.record({ now: fc.nat(45), limit: fc.nat(4) });

const dueTimers = schedule.map(({ now, limit }) =>
  command("dueTimers", { now, limit }, async (world, store) => {
    expect(await store.dueTimers(now, limit)).toEqual(world.ref.dueTimers(now, limit));
  }),
);

const leased = fc.record({ now: fc.nat(45), limit: fc.nat(4), until: fc.nat(60) });

const claimQueued = leased.map(({ now, limit, until }) =>
  command("claimQueued", { now, limit, until }, async (world, store) => {
    const expected = world.ref.claimQueued(now, limit, until);
    expect(await store.claimQueued(now, limit, until)).toEqual(expected);
    expect(await store.nextDueAt()).toBe(world.ref.nextDueAt());
  }),
);

const claimExpiredLeases = leased.map(({ now, limit, until }) =>
  command("claimExpiredLeases", { now, limit, until }, async (world, store) => {
    const expected = world.ref.claimExpiredLeases(now, limit, until);
    expect(await store.claimExpiredLeases(now, limit, until)).toEqual(expected);
    expect(await store.nextDueAt()).toBe(world.ref.nextDueAt());
  }),
);

const renewLeases = fc
  .record({ ids: fc.subarray([...POOLS.runs]), until: fc.nat(60) })
  .map(({ ids, until }) =>
    command("renewLeases", { ids, until }, async (world, store) => {
      expect(await store.renewLeases(ids, until)).toEqual(world.ref.renewLeases(ids, until));
    }),
  );

const releaseLease = fc.constantFrom(...POOLS.runs).map((id) =>
  command("releaseLease", id, async (world, store) => {
    world.ref.releaseLease(id);
    await store.releaseLease(id);
    expect(await store.nextDueAt()).toBe(world.ref.nextDueAt());
  }),
);

const lockParams = fc.record({
  name: fc.constantFrom("events", "bulk:1"),
  owner: fc.constantFrom("a", "b"),
  now: fc.nat(30),
  hold: fc.nat(20),
});

const acquireLock = lockParams.map(({ name, owner, now, hold }) =>
  command("acquireLock", { name, owner, now, hold }, async (world, store) => {
    const expected = world.ref.acquireLock(name, owner, now, now + hold);
    expect(await store.acquireLock(name, owner, now, now + hold)).toBe(expected);
  }),
);

const releaseLock = lockParams.map(({ name, owner }) =>
  command("releaseLock", { name, owner }, async (world, store) => {
    world.ref.releaseLock(name, owner);
    await store.releaseLock(name, owner);
  }),
);

const nextDueAt = fc.constant(
  command("nextDueAt", null, async (world, store) => {
    expect(await store.nextDueAt()).toBe(world.ref.nextDueAt());
  }),
);

const STATES: RunState[] = ["queued", "running", "sleeping", "waiting", "completed", "cancelled"];

const filter: fc.Arbitrary<ListRunsFilter> = fc
  .record({
    functionId: fc.option(fc.constantFrom(...POOLS.functions), { nil: undefined }),
    states: fc.option(fc.subarray(STATES, { minLength: 1 }), { nil: undefined }),
    createdAfter: fc.option(fc.nat(20), { nil: undefined }),
    createdBefore: fc.option(fc.nat(20), { nil: undefined }),
  })
  .map((f) => ({
    ...(f.functionId === undefined ? {} : { functionId: f.functionId }),
    ...(f.states === undefined ? {} : { states: f.states }),
    ...(f.createdAfter === undefined ? {} : { createdAfter: f.createdAfter }),
    ...(f.createdBefore === undefined ? {} : { createdBefore: f.createdBefore }),
  }));

const listRuns = fc.record({ filter, limit: fc.integer({ min: 1, max: 4 }) }).map((params) =>
  command("listRuns", params, async (world, store) => {
    const expected = world.ref.listAll(params.filter);
    const { runs, sizes } = await allPages(store, params.filter, params.limit);
    expect(runs).toEqual(expected);
    expect(sizes.slice(0, -1).every((size) => size === params.limit)).toBe(true);
  }),
);

const runsForEvent = fc.nat(8).map((pick) =>
  command("runsForEvent", pick, async (world, store) => {
    const id = pickEvent(world, pick);
    expect(byId(await store.runsForEvent(id))).toEqual(byId(world.ref.runsForEvent(id)));
  }),
);

const listEvents = fc
  .record({
    name: fc.option(fc.constantFrom(...POOLS.events, "inngest/function.finished"), {
      nil: undefined,
    }),
    // Bounds at the receive time of an event the world knows, so windows cut through ties.
    after: fc.option(fc.nat(12), { nil: undefined }),
    before: fc.option(fc.nat(12), { nil: undefined }),
    limit: fc.integer({ min: 1, max: 4 }),
  })
  .map((params) =>
    command("listEvents", params, async (world, store) => {
      const at = (pick: number) => [...world.ref.model.events.values()][pick]?.receivedAt ?? pick;
      const filter: ListEventsFilter = {
        ...(params.name === undefined ? {} : { name: params.name }),
        ...(params.after === undefined ? {} : { receivedAfter: at(params.after) }),
        ...(params.before === undefined ? {} : { receivedBefore: at(params.before) }),
      };
      const { events, sizes } = await allEventPages(store, filter, params.limit);
      expect(events).toEqual(world.ref.listAllEvents(filter));
      expect(sizes.slice(0, -1).every((size) => size === params.limit)).toBe(true);
    }),
  );

const runsCancelledBy = fc.nat(8).map((pick) =>
  command("runsCancelledBy", pick, async (world, store) => {
    const id = pickEvent(world, pick);
    expect(byId(await store.runsCancelledBy(id))).toEqual(byId(world.ref.runsCancelledBy(id)));
  }),
);

export const queryCommands: fc.Arbitrary<Command>[] = [
  findListeners,
  dueTimers,
  claimQueued,
  claimExpiredLeases,
  renewLeases,
  releaseLease,
  acquireLock,
  releaseLock,
  nextDueAt,
  listRuns,
  runsForEvent,
  listEvents,
  runsCancelledBy,
];
