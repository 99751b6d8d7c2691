import type { RunWrite } from "../store/port";
import type { NewRun } from "./create-run";

/**
 * The `createRun` write of a new run (SPEC R1): the run, its cancelOn listeners, its timer (a
 * start deadline) and its first queue item at `at` (none for a skipped run), and the claim of its singleton slot if it has
 * one (SPEC §7.8). `stamp`: the store stamps the listeners with its ingestion position (a
 * replay, whose trigger is older than the replay).
 */
export const creationWrite = (created: NewRun, at: number, stamp = false): RunWrite => {
  const { run } = created;
  return {
    run,
    addListeners: created.listeners,
    removeListeners: [],
    timer: created.timer,
    enqueueAt: run.state === "skipped" ? undefined : at,
    emit: [],
    ...(stamp ? { stampListenersAtCommit: true } : {}),
    ...(run.singleton !== null ? { claimSingleton: run.singleton.slot } : {}),
  };
};
