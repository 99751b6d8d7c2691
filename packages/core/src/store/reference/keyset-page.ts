import { invalidCursor } from "../../sdk/errors";

/**
 * Keyset paging of the reference store's listings (`listRuns`, `listEvents`): items newest
 * first by a time, then by id (both descending); a cursor names the last item served
 * (`[time, id]` as JSON), so items added meanwhile never shift a page.
 */
export interface PageKey {
  readonly at: number;
  readonly id: string;
}

const compareKeys = (a: PageKey, b: PageKey): number =>
  b.at - a.at || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);

/** The listing order of items keyed by `key`: newest first. */
export const newestFirst =
  <T>(key: (item: T) => PageKey) =>
  (a: T, b: T): number =>
    compareKeys(key(a), key(b));

/** A cursor this model issued, or `invalidCursor()`. */
const readCursor = (cursor: string): PageKey => {
  let parsed: unknown;
  try {
    parsed = JSON.parse(cursor);
  } catch {
    throw invalidCursor();
  }
  if (!Array.isArray(parsed) || typeof parsed[0] !== "number" || typeof parsed[1] !== "string") {
    throw invalidCursor();
  }
  return { at: parsed[0], id: parsed[1] };
};

/** The page after `cursor` of `sorted` (in `newestFirst` order), at most `limit` (default 100). */
export const keysetPage = <T>(
  sorted: readonly T[],
  key: (item: T) => PageKey,
  cursor: string | undefined,
  limit: number | undefined,
): { readonly items: T[]; readonly cursor: string | null } => {
  const after = cursor === undefined ? null : readCursor(cursor);
  const rest = after === null ? sorted : sorted.filter((item) => compareKeys(key(item), after) > 0);
  const items = rest.slice(0, Math.max(1, limit ?? 100));
  const end = items[items.length - 1];
  const more = end !== undefined && rest.length > items.length;
  return { items, cursor: more ? JSON.stringify([key(end).at, key(end).id]) : null };
};
