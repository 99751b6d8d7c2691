import { hashStepId, newRun } from "../../src/index";

// A run of a minimal function, for reducer tests: queued at time 0, with one step id "s".

export const hash = hashStepId("s");
const fn = {
  slug: "app-f",
  appId: "app",
  retries: 2,
  cancelOn: [],
  timeouts: { start: null, finish: null },
} as never;
export const trigger = {
  internalId: "e1",
  seq: 1,
  receivedAt: 0,
  payload: { name: "go", data: {}, id: "e1", ts: 0, user: {} },
};
export const queuedRun = newRun({ id: "r1", fn, trigger, at: 0, afterSeq: 1 }).run;
export const inFlight = { id: "s", hash, kind: "run" as const, startedAt: 0 };
