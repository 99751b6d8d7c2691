import { cancelled, sleeper } from "../fixtures";
import { startEngine } from "../harness/engine";
import { createPool, expectCancelled } from "../harness/pool";
import { type Batch, describeThroughput, throughput } from "../harness/throughput";
import { collectGarbage, stopwatch } from "../harness/timing";
import type { ScenarioResult } from "../types";

/**
 * Throughput of cancel events with `pending` sleeping runs: `batch` events per `engine.send`
 * (as `POST /e/:key` takes an array), each cancelling a different run. Cancelled runs are
 * replaced between batches, untimed, so the number pending stays constant.
 */
export const cancelsTask = async (
  pending: number,
  events: number,
  batch: number,
  warmup: number,
): Promise<ScenarioResult> => {
  const { engine, store, stop } = await startEngine([sleeper]);
  const pool = await createPool(store, sleeper, pending);
  const round = async (): Promise<Batch> => {
    const targets = pool.take(batch);
    const measure = stopwatch();
    await engine.send(targets.map((t) => cancelled(t.index)));
    const elapsed = measure();
    await expectCancelled(engine, targets);
    await pool.refill();
    return { elapsed, items: targets.length };
  };
  for (let done = 0; done < warmup; done += batch) await round();
  collectGarbage();
  const batches: Batch[] = [];
  for (let done = 0; done < events; done += batch) batches.push(await round());
  await stop();
  const result = throughput(batches);
  return {
    rows: [
      { name: `cancels_per_s_P${pending}`, value: Math.round(result.perSecond), unit: "events/s" },
    ],
    points: [],
    notes: [`cancels: ${events} events in batches of ${batch}: ${describeThroughput(result)}`],
  };
};
