import type { EventInput, QuellFunction } from "@quell/core";
import { cancelled, sleeper } from "../fixtures";
import { startEngine } from "../harness/engine";
import { createPool, expectCancelled } from "../harness/pool";
import { collectGarbage, type Summary, stopwatch, summarize } from "../harness/timing";
import type { ScenarioResult } from "../types";

export interface MatchOptions {
  readonly fn: QuellFunction;
  /** The cancel event aimed at the run seeded with this index. */
  readonly event: (index: number) => EventInput;
  readonly pending: number;
  readonly events: number;
  readonly warmup: number;
}

export interface MatchTimings {
  readonly cpu: Summary;
  readonly wall: Summary;
}

/**
 * Time one matching cancel event with `pending` sleeping runs, each with a listener on the
 * event's name: `engine.send` ingests it and processes it — the store's candidates, the full
 * acceptance check, the reducer's transition and the commit that ends the run and removes its
 * listeners and timer, then the system events it emits. Each event cancels exactly one run,
 * which is replaced (untimed) before the next, so `pending` stays constant.
 */
export const timeMatching = async (options: MatchOptions): Promise<MatchTimings> => {
  const { engine, store, stop } = await startEngine([options.fn]);
  const pool = await createPool(store, options.fn, options.pending);
  const cpu: number[] = [];
  const wall: number[] = [];
  for (let i = 0; i < options.warmup + options.events; i++) {
    if (i === options.warmup) collectGarbage();
    const [target] = pool.take(1);
    if (target === undefined) throw new Error("empty pool");
    const elapsed = stopwatch();
    await engine.send(options.event(target.index));
    const time = elapsed();
    if (i >= options.warmup) {
      cpu.push(time.cpu);
      wall.push(time.wall);
    }
    await expectCancelled(engine, [target]);
    await pool.refill();
  }
  await stop();
  return { cpu: summarize(cpu), wall: summarize(wall) };
};

const us = (ns: number): string => `${(ns / 1_000).toFixed(1)} µs`;

/** Rows and chart point for one size of the indexed path (SPEC R7): `match: "data.orderId"`. */
export const matchTask = async (
  pending: number,
  events: number,
  warmup: number,
): Promise<ScenarioResult> => {
  const { cpu, wall } = await timeMatching({
    fn: sleeper,
    event: cancelled,
    pending,
    events,
    warmup,
  });
  return {
    rows: [
      { name: `match_ns_per_event_P${pending}`, value: Math.round(cpu.mean), unit: "ns/event" },
    ],
    points: [{ series: "indexed", pending, nsPerEvent: cpu.mean }],
    notes: [
      `match P=${pending}: cpu ${us(cpu.mean)} (stretches ${us(cpu.spread[0])}–${us(cpu.spread[1])}), wall ${us(wall.mean)} p50 ${us(wall.p50)} p99 ${us(wall.p99)} (${events} events)`,
    ],
  };
};
