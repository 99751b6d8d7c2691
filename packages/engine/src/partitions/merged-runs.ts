import { invalidCursor, optionalTimeField, type RunView, validationError } from "@quell/core";
import type { ListRunsQuery, RunsPage } from "../engine-api";

/** Page size when a query names none (as the stores'). */
const DEFAULT_PAGE_SIZE = 100;

/** Where a page of runs ends: the last run served, in listing order. */
interface Position {
  readonly at: number;
  readonly id: string;
}

const createdAt = (run: RunView): number => Date.parse(run.created_at);

/** Listing order, as every store's: newest first, then by id, descending. */
const newestFirst = (a: RunView, b: RunView): number =>
  createdAt(b) - createdAt(a) || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);

const isAfter = (run: RunView, position: Position): boolean => {
  const at = createdAt(run);
  return at < position.at || (at === position.at && run.id < position.id);
};

const encodeCursor = (position: Position): string =>
  Buffer.from(JSON.stringify([position.at, position.id])).toString("base64url");

const decodeCursor = (cursor: string): Position => {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    throw invalidCursor();
  }
  if (
    !Array.isArray(value) ||
    value.length !== 2 ||
    typeof value[0] !== "number" ||
    typeof value[1] !== "string"
  ) {
    throw invalidCursor();
  }
  return { at: value[0], id: value[1] };
};

/** One partition's listing, as its engine answers it. */
export type ListRuns = (query: ListRunsQuery) => Promise<RunsPage>;

/**
 * The first `count` runs of one partition after `position`: each partition reads from the
 * position's time on (`startedBefore`, inclusive) and skips the runs at or before it, paging
 * on while a page held only such runs (many runs created in the same millisecond).
 */
const partitionRuns = async (
  list: ListRuns,
  query: ListRunsQuery,
  position: Position | null,
  count: number,
): Promise<RunView[]> => {
  const out: RunView[] = [];
  let cursor: string | undefined;
  for (;;) {
    const bounded = position === null ? query : { ...query, startedBefore: position.at };
    const page = await list({
      ...bounded,
      ...(cursor === undefined ? {} : { cursor }),
      limit: count,
    });
    for (const run of page.runs) if (position === null || isAfter(run, position)) out.push(run);
    if (out.length >= count || page.cursor === null) return out.slice(0, count);
    cursor = page.cursor;
  }
};

/**
 * `listRuns` over every partition: the newest runs of all, merged in the stores' order
 * (created_at, then id, both descending), with a cursor that names the last run served, so
 * runs created meanwhile never shift a page (as the stores' keyset cursors).
 */
export const listRunsMerged = async (
  partitions: readonly ListRuns[],
  query: ListRunsQuery,
): Promise<RunsPage> => {
  const limit = Math.max(1, Math.floor(query.limit ?? DEFAULT_PAGE_SIZE));
  const before = optionalTimeField("startedBefore", query.startedBefore);
  if (before._tag === "Left") throw validationError(before.left);
  let position = query.cursor === undefined ? null : decodeCursor(query.cursor);
  if (position === null && before.right !== null) {
    // The bound as a position past every run of its millisecond (ids are never "\uffff").
    position = { at: before.right, id: "\uffff" };
  }
  const { cursor: _cursor, startedBefore: _before, ...rest } = query;
  const pages = await Promise.all(
    partitions.map((list) => partitionRuns(list, rest, position, limit + 1)),
  );
  const merged = pages.flat().sort(newestFirst);
  const runs = merged.slice(0, limit);
  const last = runs.at(-1);
  const more = merged.length > limit && last !== undefined;
  return {
    runs,
    cursor: more ? encodeCursor({ at: createdAt(last), id: last.id }) : null,
  };
};
