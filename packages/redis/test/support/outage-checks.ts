import type { EventInput, Run, Store } from "@quell/core";
import type { Redis } from "ioredis";
import { allRuns, invariantViolations, systemEventCounts } from "./checks";
import { CLEANUP, WORK } from "./functions";
import type { IngestAnswer } from "./ingest-load";
import { readHistory } from "./recorder";
import { until } from "./until";

const TERMINAL = new Set(["completed", "failed", "cancelled"]);

/**
 * Batch n of the outage load: four work runs; a cancel event for the first, right behind its
 * trigger (it never starts), and one for the second run of the batch before (in flight or done).
 */
export const outageBatch = (n: number): EventInput[] => [
  ...[0, 1, 2, 3].map((j) => ({ name: "mp/work", data: { id: `w${n}-${j}` } })),
  { name: "mp/cancel", data: { id: `w${n}-0` } },
  ...(n >= 1 ? [{ name: "mp/cancel", data: { id: `w${n - 1}-1` } }] : []),
];

/** Wait until every run of the namespace ended and no event is pending; its runs. */
export const settledRuns = async (store: Store, deadlineMs = 60_000): Promise<Run[]> => {
  let runs: Run[] = [];
  await until(
    "every run to finish",
    async () => {
      runs = await allRuns(store);
      const busy = runs.filter((r) => !TERMINAL.has(r.state));
      const pending = await store.pendingEvents(1);
      return (busy.length === 0 && pending.length === 0) || `${busy.length} runs busy`;
    },
    deadlineMs,
  );
  return runs;
};

/**
 * What went wrong in a namespace after the outage load (empty when nothing did): an event
 * acknowledged with 200 that has no run (SPEC §5: acknowledged means stored), SPEC §7 over the
 * recorded history, and a work run cancelled otherwise than by a cancel event sent for it.
 */
export const outageViolations = async (
  runs: readonly Run[],
  answers: readonly IngestAnswer[],
  admin: Redis,
  prefix: string,
): Promise<string[]> => {
  const problems: string[] = [];
  const byEvent = new Map<string, number>();
  for (const run of runs)
    byEvent.set(run.triggerEventId, (byEvent.get(run.triggerEventId) ?? 0) + 1);
  for (const answer of answers.filter((a) => a.status === 200)) {
    answer.events.forEach((event, i) => {
      const id = answer.body.ids?.[i] ?? "";
      const count = byEvent.get(id) ?? 0;
      if (event.name === "mp/work" && count !== 1) problems.push(`event ${id}: ${count} runs`);
    });
  }
  const history = await readHistory(admin, prefix);
  const events = await systemEventCounts(admin, prefix);
  problems.push(...invariantViolations(runs, history, events, CLEANUP));
  const targets = new Set(
    answers.flatMap((a) =>
      a.events.filter((e) => e.name === "mp/cancel").map((e) => String(e.data?.id)),
    ),
  );
  for (const run of runs) {
    if (run.functionId !== WORK || run.state !== "cancelled") continue;
    if (run.cancellation?.source !== "event" || !targets.has(String(run.event.data.id)))
      problems.push(`${run.id}: cancelled by ${run.cancellation?.source} without a cancel event`);
  }
  return problems;
};

/** Every 503 in the usual `{ error, status }` shape with this `Retry-After`; what is not. */
export const badRefusals = (
  answers: readonly IngestAnswer[],
  retryAfter: string,
  error: RegExp,
): IngestAnswer[] =>
  answers.filter(
    (a) =>
      a.status === 503 &&
      !(
        a.retryAfter === retryAfter &&
        a.body.status === 503 &&
        error.test(a.body.error ?? "") &&
        Object.keys(a.body).length === 2
      ),
  );
