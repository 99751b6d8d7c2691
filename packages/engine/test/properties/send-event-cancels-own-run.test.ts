// A divergence the engine-vs-simulation property test found (shrunk), kept as a regression
// test: a step whose sendEvent cancels its own run. The engine now processes the events a
// sendEvent step ingested before starting the run's next execution, as the reference model does.
import { functionFromShape, type RunView } from "@quell/core";
import { describe, expect, it } from "vitest";
import { drivers } from "../support/drivers";

const summary = (runs: readonly RunView[]) =>
  runs
    .filter((run) => run.function_id === "gen-job")
    .map((run) => ({
      status: run.status,
      cancellation: run.cancellation?.source ?? null,
      steps: run.steps.map((s) => `${s.id}${s.settled_after_cancel ? " (after cancel)" : ""}`),
    }));

describe("SPEC §7.7: a step whose sendEvent cancels its own run", () => {
  // A job's first step sends the event that cancels it: both must end it Cancelled before "s1".
  it("the engine and the simulation end the run the same way", async () => {
    const job = functionFromShape("gen", {
      id: "job",
      trigger: "job/start",
      cancelOn: [{ event: "job/stop", match: "data.key" }],
      steps: [
        { kind: "send", id: "s0", event: "job/stop" },
        { kind: "run", id: "s1" },
      ],
    });
    const outcomes = [];
    for (const { create } of drivers) {
      const d = await create([job]);
      await d.send({ name: "job/start", data: { key: "1" } });
      await d.settle();
      outcomes.push(summary(await d.runs()));
      await d.stop();
    }
    expect(outcomes[0]).toEqual([{ status: "Cancelled", cancellation: "event", steps: ["s0"] }]);
    expect(outcomes[1]).toEqual(outcomes[0]);
  });
});
