// A divergence the engine-vs-simulation property test found (seed 20261122, shrunk), kept as a
// regression test: two runs wake at the same instant; the target has nothing left to do and
// reports its completion, while the job's next step sends the event that would cancel it. The
// engine performs a step's send after the commit that planned it, so the completion already on
// its way commits first; the simulation now does the same (SPEC §7.7). Found again on three
// partitions, with the two runs in different ones: the partitions took the instant in turns, so
// the job's partition relayed its event before the target's partition fired its timer; they now
// wake together (src/partitions/instant-clock.ts).
import { functionFromShape, type RunView } from "@quell/core";
import { describe, expect, it } from "vitest";
import { partitionOfId } from "../../src/index";
import { type Driver, drivers } from "../support/drivers";

const summary = (runs: readonly RunView[]) =>
  runs
    .filter((run) => run.function_id.startsWith("gen-"))
    .map((run) => `${run.function_id} ${run.status} [${run.steps.map((s) => s.id).join(",")}]`)
    .sort();

const job = functionFromShape("gen", {
  id: "job",
  trigger: "job/start",
  steps: [
    { kind: "sleep", id: "s0", duration: "1m" },
    { kind: "send", id: "s1", event: "job/stop", key: "3" },
  ],
});
const target = functionFromShape("gen", {
  id: "target",
  trigger: "target/start",
  cancelOn: [{ event: "job/stop", if: "async.data.key == event.data.key", timeout: "45m" }],
  steps: [{ kind: "sleep", id: "s0", duration: "1m" }],
});

/** Start both runs in `order`, let them wake together; what each ended as and where it was. */
const race = async (
  create: (functions: (typeof job)[]) => Promise<Driver>,
  order: readonly string[],
): Promise<{ outcome: string[]; partitions: Set<number> }> => {
  const d = await create([job, target]);
  for (const name of order) {
    await d.send({ name: `${name}/start`, data: { key: name === "target" ? "3" : "1" } });
  }
  await d.advance("30m");
  const runs = (await d.runs()).filter((run) => run.function_id.startsWith("gen-"));
  await d.stop();
  return { outcome: summary(runs), partitions: new Set(runs.map((r) => partitionOfId(r.id, 3))) };
};

describe("SPEC §7.7: a step's send races another run's completion at the same instant", () => {
  const [simulation, ...engines] = drivers;
  describe.each([
    ["target", "job"],
    ["job", "target"],
  ])("started %s first", (...order) => {
    it("the simulation lets the completion commit first", async () => {
      expect((await race(simulation.create, order)).outcome).toEqual([
        "gen-job Completed [s0,s1]",
        "gen-target Completed [s0]",
      ]);
    });

    it.each(engines)("so does $name, wherever the two runs are", async ({ create }) => {
      const expected = (await race(simulation.create, order)).outcome;
      // On three partitions the runs land where their ids say: race until they were apart.
      let apart = false;
      for (let attempt = 0; attempt < 40 && !apart; attempt++) {
        const { outcome, partitions } = await race(create, order);
        expect(outcome).toEqual(expected);
        apart = partitions.size > 1 || create === drivers[1].create;
      }
      expect(apart).toBe(true);
    });
  });
});
