import type {
  BulkCancellationView,
  PauseResult,
  ReplayResult,
  ResumeResult,
  RunView,
} from "@quell/core";

/**
 * One bulk cancellation as the partitions' records of it tell it (every partition sweeps its
 * own runs, under the same id): the counts summed; running while any partition still sweeps,
 * stopped if any was stopped, else completed.
 */
export const mergeBulkViews = (
  views: readonly BulkCancellationView[],
): BulkCancellationView | null => {
  const [first] = views;
  if (first === undefined) return null;
  const status = views.some((v) => v.status === "running")
    ? "running"
    : views.some((v) => v.status === "stopped")
      ? "stopped"
      : "completed";
  return {
    ...first,
    status,
    matched: views.reduce((sum, v) => sum + v.matched, 0),
    cancelled: views.reduce((sum, v) => sum + v.cancelled, 0),
  };
};

/** Every partition's bulk cancellations, one view per id, newest first. */
export const mergeBulkLists = (
  lists: readonly (readonly BulkCancellationView[])[],
): BulkCancellationView[] => {
  const byId = new Map<string, BulkCancellationView[]>();
  for (const view of lists.flat()) byId.set(view.id, [...(byId.get(view.id) ?? []), view]);
  return [...byId.values()]
    .map((views) => mergeBulkViews(views))
    .filter((view): view is BulkCancellationView => view !== null)
    .sort((a, b) => b.created_at.localeCompare(a.created_at) || b.id.localeCompare(a.id));
};

export const mergePauses = (results: readonly PauseResult[], slug: string): PauseResult => ({
  function_id: results[0]?.function_id ?? slug,
  paused: true,
  cancelled: results.reduce((sum, r) => sum + r.cancelled, 0),
});

export const mergeResumes = (results: readonly ResumeResult[], slug: string): ResumeResult => ({
  function_id: results[0]?.function_id ?? slug,
  paused: false,
  resumed: results.reduce((sum, r) => sum + r.resumed, 0),
});

export const mergeReplays = (results: readonly ReplayResult[]): ReplayResult => ({
  count: results.reduce((sum, r) => sum + r.count, 0),
  run_ids: results.flatMap((r) => r.run_ids),
});

/** Runs of several partitions in creation order (created_at, then id). */
export const inCreationOrder = (runs: readonly RunView[]): RunView[] =>
  [...runs].sort((a, b) => a.created_at.localeCompare(b.created_at) || a.id.localeCompare(b.id));
