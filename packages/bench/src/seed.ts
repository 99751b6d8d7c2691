import {
  eventRunId,
  hashStepId,
  newRun,
  normalizeEvent,
  type QuellFunction,
  reduceRun,
  runContext,
  type Store,
  toRunWrite,
} from "@quell/core";
import { monotonicFactory } from "ulid";
import { created, T0 } from "./fixtures";

const DAY_MS = 24 * 60 * 60 * 1000;

/** A run in the store, as the seeder left it. */
export interface Seeded {
  readonly runId: string;
  readonly index: number;
}

/**
 * Writes sleeping runs of `fn` straight into a store, through the same core functions the
 * engine calls (`newRun`, `reduceRun`, `toRunWrite`) and the same store writes, minus the
 * handler executions: building a million sleeping runs through the engine would take most of
 * the benchmark's time budget measuring something else. The trigger event is ingested first, so
 * positions in the ingestion order (SPEC R3) are what the engine would have given.
 */
export const createSeeder = (store: Store, fn: QuellFunction) => {
  // Ids from the millisecond before T0: the engine's ids are all at T0 (its virtual clock stays
  // there), and a seeded run was created before the measurement, so its ids sort first, as they
  // would in a real process whose clock moves. Ids of two sources interleaved within one
  // millisecond would make every index insert land mid-list, which no single process does.
  const monotonic = monotonicFactory();
  const ulid = (): string => monotonic(T0 - 1);
  const sleepHash = hashStepId("nap");

  return async (index: number): Promise<Seeded> => {
    const internalId = ulid();
    const payload = normalizeEvent(created(index), internalId, T0);
    const [ingested] = await store.ingest([
      { internalId, payload, dedupeKey: null, receivedAt: T0 },
    ]);
    if (ingested?._tag !== "Ingested") throw new Error("seed: trigger not ingested");
    const trigger = ingested.event;
    await store.markProcessed(internalId);
    const id = eventRunId(trigger, fn.slug);
    const fresh = newRun({ id, fn, trigger, at: T0, afterSeq: trigger.seq });
    const ctx = runContext(fn, fresh.run);
    if (ctx === null) throw new Error("seed: no run context");
    const started = reduceRun(fresh.run, { _tag: "LeaseGranted", at: T0, expired: false }, ctx);
    const sleep = { op: "Sleep", id: "nap", hash: sleepHash, until: T0 + DAY_MS } as const;
    const sleeping = reduceRun(
      started.run,
      { _tag: "OpReported", at: T0, op: sleep, seq: trigger.seq, epoch: 0 },
      ctx,
    );
    if (sleeping.run.state !== "sleeping") throw new Error(`seed: run is ${sleeping.run.state}`);
    const { write } = toRunWrite(sleeping.run, sleeping.effects, T0, ulid);
    const result = await store.createRun({ ...write, addListeners: fresh.listeners });
    if (result._tag === "Left") throw new Error(`seed: ${result.left._tag}`);
    return { runId: fresh.run.id, index };
  };
};
