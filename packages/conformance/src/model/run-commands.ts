import { isTerminal, type Listener, type Run, type RunState, type RunWrite } from "@quell/core";
import fc from "fast-check";
import { expect } from "vitest";
import { makeRun } from "../fixtures";
import { asEither, type Command, command, POOLS, pickEvent, request, type World } from "./world";

const STATES: readonly RunState[] = [
  "queued",
  "running",
  "sleeping",
  "waiting",
  "completed",
  "cancelled",
];

const listenerSpec = fc.record({
  id: fc.constantFrom(...POOLS.listeners),
  event: fc.constantFrom(...POOLS.events),
  index: fc.option(
    fc.record({
      signature: fc.constantFrom(...POOLS.signatures),
      key: fc.constantFrom(...POOLS.keys),
    }),
    { nil: null },
  ),
  afterSeq: fc.nat(6),
});
type ListenerSpec = typeof listenerSpec extends fc.Arbitrary<infer T> ? T : never;

/** The side writes both kinds of write share. */
const sideWrites = fc.record({
  add: fc.array(listenerSpec, { maxLength: 3 }),
  remove: fc.subarray([...POOLS.listeners], { maxLength: 3 }),
  timer: fc.oneof(fc.constant(undefined), fc.constant(null), fc.nat(40)),
  enqueueAt: fc.option(fc.nat(40), { nil: undefined }),
  lease: fc.oneof(fc.constant(undefined), fc.constant(null), fc.nat(60)),
  emit: fc.array(fc.option(fc.constantFrom(...POOLS.dedupeKeys), { nil: null }), { maxLength: 2 }),
  stamp: fc.constantFrom(undefined, false, true),
});
type SideWrites = typeof sideWrites extends fc.Arbitrary<infer T> ? T : never;

const toListener = (spec: ListenerSpec, runId: string, functionId: string): Listener => ({
  ...spec,
  runId,
  functionId,
  kind: "cancel",
  expression: spec.index === null ? "async.data.n > 0" : null,
  expiresAt: null,
  stepHash: null,
});

const toWrite = (world: World, run: RunWrite["run"], side: SideWrites): RunWrite => ({
  run,
  addListeners: side.add.map((spec) => toListener(spec, run.id, run.functionId)),
  removeListeners: side.remove,
  timer: side.timer,
  enqueueAt: side.enqueueAt,
  lease: side.lease,
  emit: side.emit.map((key) => request(world, "inngest/function.finished", key)),
  stampListenersAtCommit: side.stamp,
});

/** A cancellation record naming an event the world knows (or none), for `runsCancelledBy`. */
const cancelledBy = fc.option(fc.nat(8), { nil: null });

const cancellation = (world: World, pick: number | null): Run["cancellation"] =>
  pick === null ? null : { source: "event", at: 0, event_id: pickEvent(world, pick) };

const createRun = fc
  .record({
    id: fc.constantFrom(...POOLS.runs),
    functionId: fc.constantFrom(...POOLS.functions),
    state: fc.constantFrom(...STATES),
    createdAt: fc.nat(20),
    ended: fc.nat(20),
    trigger: fc.nat(8),
    // The writer's createdPos, which the store replaces with its own.
    pos: fc.nat(9),
    cancelledBy,
    side: sideWrites,
    claim: fc.option(fc.constantFrom(...POOLS.slots), { nil: undefined }),
  })
  .map((params) =>
    command("createRun", params, async (world, store) => {
      const { id, functionId, state, createdAt, ended, trigger, pos, side, claim } = params;
      const triggerEventId = pickEvent(world, trigger);
      const endedAt = isTerminal(state) ? createdAt + ended : null;
      const run = makeRun({
        id,
        functionId,
        state,
        createdAt,
        endedAt,
        triggerEventId,
        createdPos: pos,
        version: 1,
        cancellation: cancellation(world, params.cancelledBy),
      });
      const write = { ...toWrite(world, run, side), claimSingleton: claim };
      const expected = asEither(world.ref.createRun(write));
      expect(await store.createRun(write)).toEqual(expected);
    }),
  );

const commitRun = fc
  .record({
    id: fc.constantFrom(...POOLS.runs),
    skew: fc.constantFrom(0, 0, 0, -1, 1),
    state: fc.constantFrom(...STATES),
    endedAt: fc.nat(40),
    // A writer's createdPos, which the store ignores; none: the stored one, as the engine sends.
    pos: fc.option(fc.nat(9), { nil: undefined }),
    // Keep the stored record, or write another (or none).
    cancelledBy: fc.option(cancelledBy, { nil: undefined }),
    side: sideWrites,
    release: fc.option(fc.constantFrom(...POOLS.slots), { nil: undefined }),
  })
  .map((params) =>
    command("commitRun", params, async (world, store) => {
      const { id, skew, state, pos, side, release } = params;
      const stored = world.ref.getRun(id) ?? makeRun({ id });
      const expectedVersion = stored.version + skew;
      const endedAt = isTerminal(state) ? (stored.endedAt ?? params.endedAt) : null;
      const createdPos = pos ?? stored.createdPos;
      const record =
        params.cancelledBy === undefined
          ? stored.cancellation
          : cancellation(world, params.cancelledBy);
      const run = {
        ...stored,
        state,
        endedAt,
        createdPos,
        cancellation: record,
        version: expectedVersion + 1,
      };
      const write = { ...toWrite(world, run, side), expectedVersion, releaseSingleton: release };
      const expected = asEither(world.ref.commitRun(write));
      expect(await store.commitRun(write)).toEqual(expected);
    }),
  );

const getRun = fc.constantFrom(...POOLS.runs).map((id) =>
  command("getRun", id, async (world, store) => {
    expect(await store.getRun(id)).toEqual(world.ref.getRun(id));
  }),
);

const lastCreatedPos = fc.constant(
  command("lastCreatedPos", null, async (world, store) => {
    expect(await store.lastCreatedPos()).toBe(world.ref.lastCreatedPos());
  }),
);

export const runCommands: fc.Arbitrary<Command>[] = [createRun, commitRun, getRun, lastCreatedPos];
export const runWrites: fc.Arbitrary<Command>[] = [createRun, commitRun];
