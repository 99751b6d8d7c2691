import type { BulkCancellationRequest } from "../operations/bulk-request";
import { type BulkCancellationView, toBulkView } from "../operations/bulk-view";
import type { ReplayFilter } from "../operations/replay-filter";
import { rescheduleInput } from "../operations/reschedule";
import { type TimeInput, validationError } from "../operations/time-field";
import { CancellationNotFoundError, RunConflictError, RunNotFoundError } from "../sdk/errors";
import { listBulkCancellations } from "../store/reference/records";
import type { PauseResult, ReplayResult, ResumeResult } from "../views/operation-results";
import { type RunView, toRunView } from "../views/run-view";
import type { World } from "../world/world";
import {
  createBulkInWorld,
  pauseInWorld,
  replayInWorld,
  replayManyInWorld,
  resumeInWorld,
  stopBulkInWorld,
} from "../world/world-operations";
import { rescheduleInWorld } from "../world/world-reschedule";
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
  /** Move a sleeping run's wake-up to `until`; any other run: `RunConflictError` (409). */
  rescheduleRun(id: string, options: { readonly until: TimeInput }): Promise<RunView>;
}

export const simulationOperations = (
  world: World,
  newId: NewId,
  drive: (actions: readonly WorldAction[]) => Promise<void>,
): SimulationOperations => ({
  createCancellation: async (request) => {
    const created = createBulkInWorld(world, request, newId);
    if (created._tag === "Left") throw validationError(created.left);
    // The sweep runs in batches as the simulation is driven (send, advance, settle), like the
    // engine's background sweep.
    return toBulkView(created.right);
  },
  getCancellation: (id) => {
    const record = world.bulk.get(id);
    return record === undefined ? null : toBulkView(record);
  },
  listCancellations: () => listBulkCancellations(world).map(toBulkView),
  stopCancellation: async (id) => {
    const stopped = stopBulkInWorld(world, id);
    if (stopped === null) throw new CancellationNotFoundError(id);
    return toBulkView(stopped);
  },
  replayRun: async (id) => {
    const original = world.runs.get(id);
    if (original === undefined) throw new RunNotFoundError(id);
    const replay = replayInWorld(world, original, newId);
    if (replay._tag === "Left") throw replay.left;
    await drive(replay.right.actions);
    const { run } = replay.right;
    return toRunView(world.runs.get(run.id) ?? run);
  },
  replayRuns: async (filter) => {
    const replays = replayManyInWorld(world, filter, newId);
    if (replays._tag === "Left") throw validationError(replays.left);
    await drive(replays.right.flatMap((replay) => replay.actions));
    return { count: replays.right.length, run_ids: replays.right.map(({ run }) => run.id) };
  },
  pauseFunction: async (idOrSlug, options) => {
    const paused = pauseInWorld(world, idOrSlug, options?.cancelRunning === true, newId);
    if (paused._tag === "Left") throw paused.left;
    await drive(paused.right.actions);
    return { function_id: paused.right.slug, paused: true, cancelled: paused.right.changed };
  },
  resumeFunction: async (idOrSlug) => {
    const resumed = resumeInWorld(world, idOrSlug, newId);
    if (resumed._tag === "Left") throw resumed.left;
    await drive(resumed.right.actions);
    return { function_id: resumed.right.slug, paused: false, resumed: resumed.right.changed };
  },
  rescheduleRun: async (id, options) => {
    const input = rescheduleInput(options?.until, world.now);
    if (input._tag === "Left") throw validationError(input.left);
    const result = rescheduleInWorld(world, id, input.right.until, newId);
    if (result === null) throw new RunNotFoundError(id);
    if (result.outcome._tag === "Rejected") throw new RunConflictError(id, result.outcome.reason);
    await drive(result.actions);
    const run = world.runs.get(id);
    if (run === undefined) throw new RunNotFoundError(id);
    return toRunView(run);
  },
});
