import { invalidCursor } from "@quell/core";

/** A place in a listing order: a time (a run's `createdAt`, an event's `receivedAt`), then an id. */
export interface TimeKey {
  readonly at: number;
  readonly id: string;
}

/** Negative when `a` lists before `b` in ascending order. */
export const compareKeys = (a: TimeKey, b: TimeKey): number =>
  a.at - b.at || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** Where a newest-first scan starts (exclusive bounds) and stops (inclusive floor). */
export interface Scan {
  /** Only keys strictly before this one (the previous page's last run). */
  readonly after: TimeKey | null;
  /** Only keys with `at <= atMax`. */
  readonly atMax: number;
  /** Stop at the first key with `at < atMin`. */
  readonly atMin: number;
}

/**
 * Keys sorted ascending, for newest-first listing without sorting on each query. Runs and
 * events almost always arrive in time order, so inserting is usually an append; otherwise a
 * binary search and a splice.
 */
export class SortedKeys {
  private readonly keys: TimeKey[] = [];

  get size(): number {
    return this.keys.length;
  }

  insert(key: TimeKey): void {
    const last = this.keys[this.keys.length - 1];
    if (last === undefined || compareKeys(last, key) < 0) {
      this.keys.push(key);
      return;
    }
    this.keys.splice(
      this.firstIndex((k) => compareKeys(k, key) >= 0),
      0,
      key,
    );
  }

  remove(key: TimeKey): void {
    const i = this.firstIndex((k) => compareKeys(k, key) >= 0);
    const found = this.keys[i];
    if (found !== undefined && compareKeys(found, key) === 0) this.keys.splice(i, 1);
  }

  /** Remove every key whose id is in `ids`, in one pass. */
  removeIds(ids: ReadonlySet<string>): void {
    let kept = 0;
    for (const key of this.keys) if (!ids.has(key.id)) this.keys[kept++] = key;
    this.keys.length = kept;
  }

  /** Keys inside the scan, newest first; a generator, so a full page stops the walk. */
  *descending(scan: Scan): Generator<TimeKey> {
    const { after, atMax, atMin } = scan;
    const pastMax = this.firstIndex((k) => k.at > atMax);
    const pastCursor =
      after === null ? pastMax : this.firstIndex((k) => compareKeys(k, after) >= 0);
    for (let i = Math.min(pastMax, pastCursor) - 1; i >= 0; i--) {
      const key = this.keys[i] as TimeKey;
      if (key.at < atMin) return;
      yield key;
    }
  }

  /** Binary search: the first index whose key satisfies a predicate monotone in the order. */
  private firstIndex(satisfied: (key: TimeKey) => boolean): number {
    let lo = 0;
    let hi = this.keys.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (satisfied(this.keys[mid] as TimeKey)) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }
}

/** A page's cursor: the last key served, as base64url JSON (opaque to callers). */
export const encodeKeyCursor = (key: TimeKey): string =>
  Buffer.from(JSON.stringify([key.at, key.id])).toString("base64url");

const parseCursor = (cursor: string): unknown => {
  try {
    return JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    return undefined;
  }
};

/** The key a cursor of `encodeKeyCursor` names; any other string is `invalidCursor()`. */
export const decodeKeyCursor = (cursor: string): TimeKey => {
  const parsed = parseCursor(cursor);
  if (
    Array.isArray(parsed) &&
    parsed.length === 2 &&
    typeof parsed[0] === "number" &&
    typeof parsed[1] === "string"
  ) {
    return { at: parsed[0], id: parsed[1] };
  }
  throw invalidCursor();
};
