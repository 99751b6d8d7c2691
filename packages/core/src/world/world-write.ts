import type { Run } from "../codecs/run";
import type { RunWrite, StoreError } from "../store/port";
import { commitRun, createRun } from "../store/reference/runs";
import type { World } from "./world";

const refused = (error: StoreError): Error =>
  // The world decides on the run it stores, so a refused write is a bug of the model itself.
  new Error(`reference model refused a write: ${JSON.stringify(error)}`);

/** Commit one transition of a stored run, as a store's `commitRun` does. */
export const commitInWorld = (world: World, write: RunWrite, expectedVersion: number): void => {
  const error = commitRun(world, { ...write, expectedVersion });
  if (error !== null) throw refused(error);
};

/**
 * Create a run, as a store's `createRun` does: it takes the next creation position in the same
 * atomic write. Returns the run as stored.
 */
export const createRunInWorld = (world: World, write: RunWrite): Run => {
  const error = createRun(world, write);
  if (error !== null) throw refused(error);
  return world.runs.get(write.run.id) as Run;
};
