import type { Run, Store } from "@quell/core";
import { hashTag, partitionPrefixes, type RedisClient } from "../../src/index";
import type { HistoryRecord } from "./recorder";

const TERMINAL = new Set(["completed", "failed", "cancelled"]);

/** Every run in a namespace, oldest first. */
export const allRuns = async (store: Store): Promise<Run[]> => {
  const runs: Run[] = [];
  let cursor: string | null = null;
  do {
    const page: Awaited<ReturnType<Store["listRuns"]>> = await store.listRuns({
      limit: 500,
      ...(cursor !== null ? { cursor } : {}),
    });
    runs.push(...page.runs);
    cursor = page.cursor;
  } while (cursor !== null);
  return runs.reverse();
};

/**
 * Reads over the namespaces of one deployment (one, or a partitioned engine's): a run is in
 * exactly one; a bulk cancellation has a record in each, completed when all are.
 */
export const readAcross = (stores: readonly Store[]) => ({
  getRun: async (runId: string): Promise<Run | null> =>
    (await Promise.all(stores.map((store) => store.getRun(runId)))).find((run) => run !== null) ??
    null,
  runsForEvent: async (internalId: string): Promise<Run[]> =>
    (await Promise.all(stores.map((store) => store.runsForEvent(internalId)))).flat(),
  allRuns: async (): Promise<Run[]> => (await Promise.all(stores.map(allRuns))).flat(),
  bulkStatus: async (id: string): Promise<string> => {
    const records = await Promise.all(stores.map((store) => store.getBulkCancellation(id)));
    const unfinished = records.find((record) => record?.status !== "completed");
    return unfinished === undefined ? "completed" : String(unfinished?.status);
  },
});

/**
 * How many system events of each name the log holds per run id (read from the event hash; with
 * several partitions, from every partition's, each event once however many copies it has).
 */
export const systemEventCounts = async (
  client: RedisClient,
  prefix: string,
  partitions = 1,
): Promise<{ cancelled: Map<string, number>; finished: Map<string, number> }> => {
  const cancelled = new Map<string, number>();
  const finished = new Map<string, number>();
  const logs = await Promise.all(
    partitionPrefixes(prefix, partitions).map((at) => client.hgetall(`${hashTag(at)}ev`)),
  );
  const byId = new Map<string, string>();
  for (const log of logs) for (const [id, json] of Object.entries(log)) byId.set(id, json);
  for (const json of byId.values()) {
    const event = JSON.parse(json) as { payload: { name: string; data: { run_id?: string } } };
    const runId = event.payload.data.run_id ?? "";
    const counts =
      event.payload.name === "inngest/function.cancelled"
        ? cancelled
        : event.payload.name === "inngest/function.finished"
          ? finished
          : null;
    counts?.set(runId, (counts.get(runId) ?? 0) + 1);
  }
  return { cancelled, finished };
};

/** What a start record's own snapshot of the store says (the record landed as the code began). */
const storeAtRecord = (record: HistoryRecord) => ({
  cancelledAfter: record.cx === 1 && !(record.st === "cancelling" && record.fl === 1),
  committedAfter: record.cm === 1,
});

/**
 * The same for a record that landed late, from the run's timeline, whose order is commit order
 * (the times in it come from several processes' clocks and from when each commit was decided,
 * so they are not). Code whose step's start committed before the cancellation runs to
 * completion (SPEC §4.3); code whose start committed after it, or never, must not have run.
 * Whether this step's result committed strictly before the code began is judged by this
 * machine's clock: the result's time is taken after the code ended, never before it began.
 */
const timelineAt = (run: Run, record: HistoryRecord) => {
  const began = record.late?.at ?? 0;
  const position = (match: (entry: Run["timeline"][number]) => boolean): number => {
    const index = run.timeline.findIndex(match);
    return index === -1 ? Number.POSITIVE_INFINITY : index;
  };
  const cancelled = position((e) => e.type === "cancel.requested");
  const started = position((e) => e.type === "step.started" && e.step === record.step);
  const committed = run.timeline.find(
    (e) =>
      (e.type === "step.completed" || e.type === "step.settled_after_cancel") &&
      e.step === record.step,
  );
  return {
    cancelledAfter: cancelled !== Number.POSITIVE_INFINITY && !(started < cancelled),
    committedAfter: committed !== undefined && committed.at < began,
  };
};

/** The run's timeline, one `type:step@at` per entry, for a violation's message. */
const timelineText = (run: Run): string =>
  run.timeline.map((e) => `${e.type}${"step" in e ? `:${e.step}` : ""}@${e.at}`).join(" ");

/** Whether the run's lease was taken over (`lease.expired`) after `step` first started. */
const takenOverAfterStart = (run: Run, step: string): boolean => {
  const started = run.timeline.findIndex((e) => e.type === "step.started" && e.step === step);
  return started !== -1 && run.timeline.some((e, i) => i > started && e.type === "lease.expired");
};

/**
 * SPEC §7 as far as one run's record and the shared history tell it. Returns the violations
 * found (an empty list when every invariant holds), each naming the run. Steps that workers in
 * `killed` started never end (the process died in them): they are not expected to settle.
 */
export const invariantViolations = (
  runs: readonly Run[],
  history: readonly HistoryRecord[],
  events: { cancelled: ReadonlyMap<string, number>; finished: ReadonlyMap<string, number> },
  cleanupFunction: string,
  killed: ReadonlySet<string> = new Set(),
): string[] => {
  const problems: string[] = [];
  const byRun = new Map<string, { record: HistoryRecord; at: number }[]>();
  history.forEach((record, at) => {
    const list = byRun.get(record.run) ?? [];
    list.push({ record, at });
    byRun.set(record.run, list);
  });
  for (const run of runs) {
    const records = byRun.get(run.id) ?? [];
    const ends = run.timeline.filter((entry) => TERMINAL.has(entry.type));
    // 7.1 at most one terminal state, and one function.finished per ended run.
    if (ends.length > 1) problems.push(`${run.id}: ${ends.length} terminal entries`);
    const ended = TERMINAL.has(run.state);
    if (ended !== (ends.length === 1))
      problems.push(`${run.id}: state ${run.state} but ${ends.length} terminal entries`);
    const finished = events.finished.get(run.id) ?? 0;
    if (finished !== (ended ? 1 : 0))
      problems.push(`${run.id}: ${finished} function.finished events (${run.state})`);
    // 7.2 and 7.5: no step starts after the run's cancellation committed, and no step's code
    // runs after its own result committed. A step starts when its start commits (the code
    // follows), so code that begins while the run is `cancelling` with this very step in
    // flight started before the cancellation: it runs to completion (SPEC §4.3).
    for (const { record } of records) {
      if (record.k !== "start") continue;
      const { cancelledAfter, committedAfter } =
        record.late === undefined ? storeAtRecord(record) : timelineAt(run, record);
      if (cancelledAfter)
        problems.push(
          `${run.id}: step ${record.step} started after cancellation committed (${record.st}${record.late === undefined ? "" : `, late; timeline ${timelineText(run)}`})`,
        );
      if (committedAfter)
        problems.push(`${run.id}: step ${record.step} recomputed after its result committed`);
    }
    // 7.5 a committed result is the token of an execution that ran that step of that run.
    for (const step of Object.values(run.steps)) {
      if (step.kind !== "run" || step.status !== "completed" || run.functionId === cleanupFunction)
        continue;
      const ran = records.some(
        (r) =>
          r.record.k === "start" && r.record.step === step.id && r.record.token === step.output,
      );
      if (!ran)
        problems.push(
          `${run.id}: committed ${step.id} = ${JSON.stringify(step.output)} was never computed`,
        );
    }
    // 7.3 function.cancelled exactly once for a cancelled run, never otherwise, and only once
    // the run settled: every step that started ended before the cleanup saw it, cancelled.
    const cancelledEvents = events.cancelled.get(run.id) ?? 0;
    const isCancelled = run.state === "cancelled";
    if (cancelledEvents !== (isCancelled ? 1 : 0)) {
      problems.push(`${run.id}: ${cancelledEvents} function.cancelled events (${run.state})`);
    }
    if (run.functionId === cleanupFunction) continue;
    const cleanups = records.filter((r) => r.record.k === "cleanup");
    if (isCancelled && cleanups.length === 0)
      problems.push(`${run.id}: cancelled, but no cleanup ran`);
    if (!isCancelled && cleanups.length > 0)
      problems.push(`${run.id}: a cleanup ran for a ${run.state} run`);
    const firstCleanup = cleanups[0]?.at ?? Number.POSITIVE_INFINITY;
    for (const cleanup of cleanups) {
      if (cleanup.record.st !== "cancelled")
        problems.push(`${run.id}: cleanup saw it ${cleanup.record.st}`);
    }
    for (const { record, at } of records) {
      if (record.k !== "start" || killed.has(record.w)) continue;
      // A worker that could not renew its lease (Redis full or down for longer than the lease)
      // is presumed dead, as a killed one: the run settles without its step (SPEC §7.10).
      if (takenOverAfterStart(run, record.step)) continue;
      const end = records.find((r) => r.record.k === "end" && r.record.token === record.token);
      if (end === undefined && cleanups.length > 0)
        problems.push(`${run.id}: step ${record.step} never ended`);
      else if (end !== undefined && end.at > firstCleanup) {
        problems.push(
          `${run.id}: step ${record.step} (started at ${at}) ended after the cleanup ran; timeline ${timelineText(run)}`,
        );
      }
    }
  }
  return problems;
};
