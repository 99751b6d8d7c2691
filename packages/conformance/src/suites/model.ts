import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Harness } from "../harness";
import { eventCommands } from "../model/event-commands";
import { pruneCommand } from "../model/prune-command";
import { queryCommands } from "../model/query-commands";
import { recordCommands } from "../model/record-commands";
import { runCommands, runWrites } from "../model/run-commands";
import { newWorld } from "../model/world";

export const modelTests = ({ options, dedupeWindowMs }: Harness): void => {
  describe("against the reference model", () => {
    it("answers every random sequence of operations as the reference does", async () => {
      // Writes are listed twice so sequences build up state worth querying; "+1" makes
      // sequences long enough (30 commands on average) for runs to be committed several times.
      const commands = fc.commands(
        [
          ...eventCommands(dedupeWindowMs),
          ...runCommands,
          ...runWrites,
          ...queryCommands,
          ...recordCommands,
          pruneCommand,
          pruneCommand,
        ],
        { maxCommands: 80, size: "+1" },
      );
      let sequences = 0;
      await fc.assert(
        fc.asyncProperty(commands, async (cmds) => {
          sequences += 1;
          // A fresh namespace per sequence, released even when the sequence fails.
          const store = await options.create();
          try {
            await fc.asyncModelRun(() => ({ model: newWorld(dedupeWindowMs), real: store }), cmds);
          } finally {
            await options.destroy?.(store);
          }
        }),
        { numRuns: options.modelRuns ?? 60 },
      );
      expect(sequences).toBeGreaterThan(0);
    });
  });
};
