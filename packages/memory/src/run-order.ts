/** A run's place in listing order: `createdAt`, then `id`. */
export interface RunKey {
  readonly createdAt: number;
  readonly id: string;
}

/** Negative when `a` lists before `b` in ascending order. */
export const compareKeys = (a: RunKey, b: RunKey): number =>
  a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** Where a newest-first scan starts (exclusive bounds) and stops (inclusive floor). */
export interface Scan {
  /** Only keys strictly before this one (the previous page's last run). */
  readonly after: RunKey | null;
  /** Only keys with `createdAt <= createdAtMax`. */
  readonly createdAtMax: number;
  /** Stop at the first key with `createdAt < createdAtMin`. */
  readonly createdAtMin: number;
}

/**
 * Run keys sorted ascending, for newest-first listing without sorting on each query. Runs are
 * almost always created in time order, so inserting is usually an append; otherwise a binary
 * search and a splice.
 */
export class SortedRunKeys {
  private readonly keys: RunKey[] = [];

  get size(): number {
    return this.keys.length;
  }

  insert(key: RunKey): void {
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

  remove(key: RunKey): void {
    const i = this.firstIndex((k) => compareKeys(k, key) >= 0);
    const found = this.keys[i];
    if (found !== undefined && compareKeys(found, key) === 0) this.keys.splice(i, 1);
  }

  /** Remove every key whose run id is in `ids`, in one pass. */
  removeIds(ids: ReadonlySet<string>): void {
    let kept = 0;
    for (const key of this.keys) if (!ids.has(key.id)) this.keys[kept++] = key;
    this.keys.length = kept;
  }

  /** Keys inside the scan, newest first; a generator, so a full page stops the walk. */
  *descending(scan: Scan): Generator<RunKey> {
    const { after, createdAtMax, createdAtMin } = scan;
    const pastMax = this.firstIndex((k) => k.createdAt > createdAtMax);
    const pastCursor =
      after === null ? pastMax : this.firstIndex((k) => compareKeys(k, after) >= 0);
    for (let i = Math.min(pastMax, pastCursor) - 1; i >= 0; i--) {
      const key = this.keys[i] as RunKey;
      if (key.createdAt < createdAtMin) return;
      yield key;
    }
  }

  /** Binary search: the first index whose key satisfies a predicate monotone in the order. */
  private firstIndex(satisfied: (key: RunKey) => boolean): number {
    let lo = 0;
    let hi = this.keys.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (satisfied(this.keys[mid] as RunKey)) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }
}
