import fc from "fast-check";
import { expect } from "vitest";
import { makeBulkCancellation } from "../suites/operations";
import { asEither, type Command, command, POOLS } from "./world";

/**
 * Bulk cancellation records and paused functions against the reference: versioned writes that
 * collide on a few ids (creations, updates from the stored version or a stale one), ends that
 * retention may prune (`updated_at` within the prune command's bounds), and the flag set.
 */
const putBulkCancellation = fc
  .record({
    id: fc.constantFrom(...POOLS.bulk),
    createdAt: fc.nat(4),
    status: fc.constantFrom("running", "completed", "stopped"),
    updatedAt: fc.nat(45),
    // From the stored version (the usual update), one off it (a stale writer), or a creation.
    expected: fc.constantFrom("stored", "stored", "stale", "create"),
    matched: fc.nat(9),
  })
  .map((params) =>
    command("putBulkCancellation", params, async (world, store) => {
      const stored = world.ref.getBulkCancellation(params.id);
      const version = stored?.version ?? 0;
      const expected =
        params.expected === "create"
          ? null
          : params.expected === "stale"
            ? version + 1
            : stored === null
              ? null
              : version;
      const record = makeBulkCancellation({
        id: params.id,
        created_at: params.createdAt,
        updated_at: params.updatedAt,
        status: params.status,
        matched: params.matched,
        version: (expected ?? 0) + 1,
      });
      const answer = asEither(world.ref.putBulkCancellation(record, expected));
      expect(await store.putBulkCancellation(record, expected)).toEqual(answer);
      expect(await store.getBulkCancellation(params.id)).toEqual(
        world.ref.getBulkCancellation(params.id),
      );
    }),
  );

const getBulkCancellation = fc.constantFrom(...POOLS.bulk).map((id) =>
  command("getBulkCancellation", id, async (world, store) => {
    expect(await store.getBulkCancellation(id)).toEqual(world.ref.getBulkCancellation(id));
  }),
);

const listBulkCancellations = fc.constant(
  command("listBulkCancellations", null, async (world, store) => {
    expect(await store.listBulkCancellations()).toEqual(world.ref.listBulkCancellations());
  }),
);

const setFunctionPaused = fc
  .record({ slug: fc.constantFrom(...POOLS.functions), paused: fc.boolean() })
  .map((params) =>
    command("setFunctionPaused", params, async (world, store) => {
      world.ref.setFunctionPaused(params.slug, params.paused);
      await store.setFunctionPaused(params.slug, params.paused);
      const sorted = (set: ReadonlySet<string>) => [...set].sort();
      expect(sorted(await store.pausedFunctions())).toEqual(sorted(world.ref.pausedFunctions()));
    }),
  );

export const recordCommands: fc.Arbitrary<Command>[] = [
  putBulkCancellation,
  putBulkCancellation,
  getBulkCancellation,
  listBulkCancellations,
  setFunctionPaused,
];
