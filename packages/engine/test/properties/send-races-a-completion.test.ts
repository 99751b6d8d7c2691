// A divergence the engine-vs-simulation property test found (seed 20261122, shrunk), kept as a
// regression test: two runs wake at the same instant; the target has nothing left to do and
// reports its completion, while the job's next step sends the event that would cancel it. The
// engine performs a step's send after the commit that planned it, so the completion already on
// its way commits first; the simulation now does the same (SPEC §7.7).
import { functionFromShape, type RunView } from "@quell/core";
import { describe, expect, it } from "vitest";
import { drivers } from "../support/drivers";

const summary = (runs: readonly RunView[]) =>
  runs
    .filter((run) => run.function_id.startsWith("gen-"))
    .map((run) => `${run.function_id} ${run.status} [${run.steps.map((s) => s.id).join(",")}]`)
    .sort();

describe("SPEC §7.7: a step's send races another run's completion at the same instant", () => {
  it("the engine and the simulation let the completion commit first", async () => {
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
    const outcomes = [];
    for (const { create } of drivers) {
      const d = await create([job, target]);
      await d.send({ name: "target/start", data: { key: "3" } });
      await d.send({ name: "job/start", data: { key: "1" } });
      await d.advance("30m");
      outcomes.push(summary(await d.runs()));
      await d.stop();
    }
    expect(outcomes[0]).toEqual(["gen-job Completed [s0,s1]", "gen-target Completed [s0]"]);
    expect(outcomes[1]).toEqual(outcomes[0]);
  });
});
