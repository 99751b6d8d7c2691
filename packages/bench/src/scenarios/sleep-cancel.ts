import { cancelled, created, sleeper } from "../fixtures";
import { startEngine } from "../harness/engine";
import { type Batch, describeThroughput, throughput } from "../harness/throughput";
import { collectGarbage, stopwatch } from "../harness/timing";
import type { ScenarioResult } from "../types";

/**
 * End to end, create–sleep–cancel cycles: a batch of triggers runs until every run sleeps,
 * then a batch of matching cancel events ends them (each emitting `function.cancelled` and
 * `function.finished`).
 */
export const sleepCancelTask = async (
  runs: number,
  batch: number,
  warmup: number,
): Promise<ScenarioResult> => {
  const { engine, stop } = await startEngine([sleeper]);
  let last: string | undefined;
  const cycle = async (from: number, to: number): Promise<Batch> => {
    const triggers = [];
    const cancels = [];
    for (let i = from; i < to; i++) {
      triggers.push(created(i));
      cancels.push(cancelled(i));
    }
    const measure = stopwatch();
    const { ids } = await engine.send(triggers);
    await engine.idle();
    await engine.send(cancels);
    await engine.idle();
    const elapsed = measure();
    last = ids[0];
    return { elapsed, items: to - from };
  };
  // Warm-up runs use indices past the timed ones, so no cancel event reaches the wrong run.
  for (let from = runs; from < runs + warmup; from += batch) await cycle(from, from + batch);
  const warm = last;
  collectGarbage();
  const batches: Batch[] = [];
  for (let from = 0; from < runs; from += batch) {
    batches.push(await cycle(from, Math.min(runs, from + batch)));
  }
  const result = throughput(batches);
  for (const id of [warm, last]) {
    const [run] = await engine.runsForEvent(id ?? "");
    if (run?.status !== "Cancelled") throw new Error(`sleep-cancel: run is ${run?.status}`);
  }
  await stop();
  return {
    rows: [
      {
        name: "runs_per_s_sleep_cancel",
        value: Math.round(result.perSecond),
        unit: "runs/s",
      },
    ],
    points: [],
    notes: [`sleep-cancel: ${runs} cycles in batches of ${batch}: ${describeThroughput(result)}`],
  };
};
