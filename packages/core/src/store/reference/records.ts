import type { App } from "../../codecs/app";
import type { BulkCancellation } from "../../codecs/bulk-cancellation";
import type { StoreError } from "../port";
import type { StoreModel } from "./model";

/** `Store.putBulkCancellation`: create (`expectedVersion` null) or update from the stored version. */
export const putBulkCancellation = (
  model: StoreModel,
  record: BulkCancellation,
  expectedVersion: number | null,
): StoreError | null => {
  const actual = model.bulk.get(record.id)?.version ?? null;
  if (actual !== expectedVersion)
    return { _tag: "CancellationConflict", id: record.id, expected: expectedVersion };
  model.bulk.set(record.id, record);
  return null;
};

export const getBulkCancellation = (model: StoreModel, id: string): BulkCancellation | null =>
  model.bulk.get(id) ?? null;

/** Newest first: `created_at` desc, then id desc. */
export const listBulkCancellations = (model: StoreModel): BulkCancellation[] =>
  [...model.bulk.values()].sort(
    (a, b) => b.created_at - a.created_at || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0),
  );

export const setFunctionPaused = (model: StoreModel, functionId: string, paused: boolean): void => {
  if (paused) model.paused.add(functionId);
  else model.paused.delete(functionId);
};

export const pausedFunctions = (model: StoreModel): ReadonlySet<string> => new Set(model.paused);

/** `Store.putApp`: the app of that id, replaced whole. */
export const putApp = (model: StoreModel, app: App): void => {
  model.apps.set(app.id, app);
};

/** `Store.listApps`: by id. */
export const listApps = (model: StoreModel): App[] =>
  [...model.apps.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
