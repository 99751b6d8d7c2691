import { oneStep, TASK_REQUESTED } from "../fixtures";
import { startEngine } from "../harness/engine";
import { type Batch, describeThroughput, throughput } from "../harness/throughput";
import { collectGarbage, stopwatch } from "../harness/timing";
import type { ScenarioResult } from "../types";

/**
 * End to end, one-step runs: `send` a batch of triggers, then `idle()` until every run has
 * executed its step and completed (four commits, three handler executions and a
 * `function.finished` event per run), with the engine's default concurrency.
 */
export const oneStepTask = async (
  runs: number,
  batch: number,
  warmup: number,
): Promise<ScenarioResult> => {
  const { engine, stop } = await startEngine([oneStep]);
  let last: string | undefined;
  const sendBatch = async (count: number): Promise<Batch> => {
    const events = Array.from({ length: count }, (_, n) => ({ name: TASK_REQUESTED, data: { n } }));
    const measure = stopwatch();
    const { ids } = await engine.send(events);
    await engine.idle();
    const elapsed = measure();
    last = ids[ids.length - 1];
    return { elapsed, items: count };
  };
  for (let from = 0; from < warmup; from += batch) await sendBatch(batch);
  collectGarbage();
  const batches: Batch[] = [];
  for (let from = 0; from < runs; from += batch) {
    batches.push(await sendBatch(Math.min(batch, runs - from)));
  }
  const result = throughput(batches);
  const [run] = await engine.runsForEvent(last ?? "");
  if (run?.status !== "Completed") throw new Error(`one-step: last run is ${run?.status}`);
  await stop();
  return {
    rows: [
      {
        name: "runs_per_s_one_step",
        value: Math.round(result.perSecond),
        unit: "runs/s",
      },
    ],
    points: [],
    notes: [`one-step: ${runs} runs in batches of ${batch}: ${describeThroughput(result)}`],
  };
};
