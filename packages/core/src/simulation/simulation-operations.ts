import { isTerminal } from "../machine/run-machine";
import type { BulkCancellationRequest } from "../operations/bulk-request";
import { type BulkCancellationView, toBulkView } from "../operations/bulk-view";
import type { ReplayFilter } from "../operations/replay-filter";
import { resolveFunction } from "../operations/resolve-function";
import { optionalTimeField } from "../operations/time-field";
import {
  CancellationNotFoundError,
  FunctionNotFoundError,
  QuellValidationError,
  RunConflictError,
  RunNotFoundError,
} from "../sdk/errors";
import type { PauseResult, ReplayResult, ResumeResult } from "../views/operation-results";
import { type RunView, runStatus, toRunView } from "../views/run-view";
import type { World } from "../world/world";
import {
  createBulkInWorld,
  pauseInWorld,
  replayInWorld,
  resumeInWorld,
  stopBulkInWorld,
} from "../world/world-operations";
import type { NewId, WorldAction } from "../world/world-step";

/** The operations of SPEC §4.5–4.6, the same as the engine's, on the reference model. */
export interface SimulationOperations {
  createCancellation(request: BulkCancellationRequest): Promise<BulkCancellationView>;
  getCancellation(id: string): BulkCancellationView | null;
  listCancellations(): BulkCancellationView[];
  stopCancellation(id: string): Promise<BulkCancellationView>;
  replayRun(id: string): Promise<RunView>;
  replayRuns(filter: ReplayFilter): Promise<ReplayResult>;
  pauseFunction(slug: string, options?: { readonly cancelRunning?: boolean }): Promise<PauseResult>;
  resumeFunction(slug: string): Promise<ResumeResult>;
}

export const simulationOperations = (
  world: World,
  newId: NewId,
  drive: (actions: readonly WorldAction[]) => Promise<void>,
): SimulationOperations => {
  const slugOf = (idOrSlug: string): string => {
    const fn = resolveFunction(world.functions.values(), idOrSlug);
    if (fn === undefined) throw new FunctionNotFoundError(idOrSlug);
    return fn.slug;
  };
  return {
    createCancellation: async (request) => {
      const created = createBulkInWorld(world, request, newId);
      if (created._tag === "Left")
        throw new QuellValidationError(
          created.left.field,
          created.left.message,
          created.left.position,
        );
      // The sweep runs in batches as the simulation is driven (send, advance, settle), like the
      // engine's background sweep.
      return toBulkView(created.right);
    },
    getCancellation: (id) => {
      const record = world.bulk.get(id);
      return record === undefined ? null : toBulkView(record);
    },
    listCancellations: () =>
      [...world.bulk.values()].sort((a, b) => b.created_at - a.created_at).map(toBulkView),
    stopCancellation: async (id) => {
      const stopped = stopBulkInWorld(world, id);
      if (stopped === null) throw new CancellationNotFoundError(id);
      return toBulkView(stopped);
    },
    replayRun: async (id) => {
      const original = world.runs.get(id);
      if (original === undefined) throw new RunNotFoundError(id);
      const replay = replayInWorld(world, original, newId);
      if (replay._tag === "Left") throw new RunConflictError(id, replay.left);
      await drive([]);
      return toRunView(world.runs.get(replay.right.id) ?? replay.right);
    },
    replayRuns: async (filter) => {
      const slug = slugOf(filter.functionId);
      const from = optionalTimeField("startedAfter", filter.startedAfter);
      if (from._tag === "Left") throw new QuellValidationError(from.left.field, from.left.message);
      const to = optionalTimeField("startedBefore", filter.startedBefore);
      if (to._tag === "Left") throw new QuellValidationError(to.left.field, to.left.message);
      const wanted = new Set<string>(
        filter.status === undefined
          ? ["Cancelled"]
          : Array.isArray(filter.status)
            ? filter.status
            : [filter.status],
      );
      const originals = [...world.runs.values()].filter(
        (run) =>
          run.functionId === slug &&
          isTerminal(run.state) &&
          wanted.has(runStatus(run.state)) &&
          (from.right === null || run.createdAt >= from.right) &&
          (to.right === null || run.createdAt <= to.right),
      );
      const runIds: string[] = [];
      for (const original of originals) {
        const replay = replayInWorld(world, original, newId);
        if (replay._tag === "Right") runIds.push(replay.right.id);
      }
      await drive([]);
      return { count: runIds.length, run_ids: runIds };
    },
    pauseFunction: async (idOrSlug, options) => {
      const slug = slugOf(idOrSlug);
      const { cancelled, actions } = pauseInWorld(
        world,
        slug,
        options?.cancelRunning === true,
        newId,
      );
      await drive(actions);
      return { function_id: slug, paused: true, cancelled };
    },
    resumeFunction: async (idOrSlug) => {
      const slug = slugOf(idOrSlug);
      const { resumed, actions } = resumeInWorld(world, slug, newId);
      await drive(actions);
      return { function_id: slug, paused: false, resumed };
    },
  };
};
