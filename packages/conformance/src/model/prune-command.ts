import fc from "fast-check";
import { expect } from "vitest";
import { type Command, command } from "./world";

/**
 * Retention against the reference: bounds around the times the other commands use (run and bulk
 * record ends 0..45, events received at the world's clock), small limits so batches cut through
 * ties.
 * Later commands then compare every read, so nothing pruned may linger in an index.
 */
export const pruneCommand: fc.Arbitrary<Command> = fc
  .record({
    endedBefore: fc.nat(45),
    received: fc.constantFrom("none", "half", "all"),
    limit: fc.integer({ min: 1, max: 4 }),
  })
  .map((params) =>
    command("prune", params, async (world, store) => {
      const receivedBefore =
        params.received === "none"
          ? 0
          : params.received === "half"
            ? world.clock / 2
            : world.clock + 1;
      const request = {
        endedBefore: params.endedBefore,
        receivedBefore,
        now: world.clock,
        limit: params.limit,
      };
      const expected = world.ref.prune(request);
      // Dedupe ids: stores also forget them while ingesting, so that count is not compared.
      const { runs, events, bulkCancellations } = await store.prune(request);
      expect({ runs, events, bulkCancellations }).toEqual({
        runs: expected.runs,
        events: expected.events,
        bulkCancellations: expected.bulkCancellations,
      });
    }),
  );
