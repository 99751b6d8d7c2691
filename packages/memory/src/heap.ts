/**
 * A binary min-heap of `(at, key)` with at most one live entry per key, ordered by `at` then
 * `key`. Replacing or deleting a key only forgets it in `live`; the old entry stays in the
 * arrays (lazy deletion) and is dropped when it surfaces at the top or when stale entries
 * outnumber live ones (compaction), so every operation stays O(log n) amortised.
 *
 * Entries are kept in three parallel arrays, not as one object each: a million sleeping runs
 * have a million timers, and an `{ key, at }` object (plus the box V8 gives a non-small number
 * field) costs about 56 bytes where two array slots and a stamp cost 24. An entry is live when
 * its stamp is the one `live` holds for its key.
 */
export class ScheduleHeap {
  private readonly keys: string[] = [];
  /** Only numbers: V8 keeps them unboxed (double elements). */
  private readonly ats: number[] = [];
  private readonly stamps: number[] = [];
  /** key → stamp of its live entry. */
  private readonly live = new Map<string, number>();
  private nextStamp = 0;

  get size(): number {
    return this.live.size;
  }

  has(key: string): boolean {
    return this.live.has(key);
  }

  set(key: string, at: number): void {
    const stamp = this.nextStamp++;
    this.live.set(key, stamp);
    this.push(key, at, stamp);
    this.compactIfStale();
  }

  delete(key: string): void {
    if (this.live.delete(key)) this.compactIfStale();
  }

  /** The earliest live entry's time, or null when empty. */
  peekAt(): number | null {
    return this.top() ? (this.ats[0] as number) : null;
  }

  /** Remove and return up to `limit` keys due at `now`, earliest first. */
  take(now: number, limit: number): string[] {
    return this.takeWhile((at) => at <= now, limit);
  }

  /** Remove and return up to `limit` keys scheduled strictly before `bound`, earliest first. */
  takeBefore(bound: number, limit: number): string[] {
    return this.takeWhile((at) => at < bound, limit);
  }

  /** Up to `limit` keys due at `now`, earliest first, leaving them scheduled. */
  due(now: number, limit: number): string[] {
    const keys: string[] = [];
    const ats: number[] = [];
    const stamps: number[] = [];
    while (keys.length < limit && this.top() && (this.ats[0] as number) <= now) {
      keys.push(this.keys[0] as string);
      ats.push(this.ats[0] as number);
      stamps.push(this.stamps[0] as number);
      this.pop();
    }
    for (let i = 0; i < keys.length; i++)
      this.push(keys[i] as string, ats[i] as number, stamps[i] as number);
    return keys;
  }

  private takeWhile(due: (at: number) => boolean, limit: number): string[] {
    const out: string[] = [];
    while (out.length < limit && this.top() && due(this.ats[0] as number)) {
      const key = this.keys[0] as string;
      this.pop();
      this.live.delete(key);
      out.push(key);
    }
    return out;
  }

  /** Whether there is a live head, after discarding stale entries that surfaced. */
  private top(): boolean {
    while (this.keys.length > 0) {
      if (this.isLive(0)) return true;
      this.pop();
    }
    return false;
  }

  private isLive(i: number): boolean {
    return this.live.get(this.keys[i] as string) === this.stamps[i];
  }

  private compactIfStale(): void {
    const n = this.keys.length;
    if (n <= 64 || n <= 2 * this.live.size) return;
    let kept = 0;
    for (let i = 0; i < n; i++) {
      if (!this.isLive(i)) continue;
      this.keys[kept] = this.keys[i] as string;
      this.ats[kept] = this.ats[i] as number;
      this.stamps[kept] = this.stamps[i] as number;
      kept += 1;
    }
    this.keys.length = kept;
    this.ats.length = kept;
    this.stamps.length = kept;
    for (let i = (kept >> 1) - 1; i >= 0; i--) this.down(i);
  }

  private push(key: string, at: number, stamp: number): void {
    this.keys.push(key);
    this.ats.push(at);
    this.stamps.push(stamp);
    this.up(this.keys.length - 1);
  }

  /** Remove the root: the last entry takes its place and sinks. */
  private pop(): void {
    const key = this.keys.pop();
    const at = this.ats.pop();
    const stamp = this.stamps.pop();
    if (key === undefined || this.keys.length === 0) return;
    this.move(0, key, at as number, stamp as number);
    this.down(0);
  }

  private move(i: number, key: string, at: number, stamp: number): void {
    this.keys[i] = key;
    this.ats[i] = at;
    this.stamps[i] = stamp;
  }

  /** Whether entry `i` orders before the entry `(at, key)`. */
  private before(i: number, at: number, key: string): boolean {
    const atI = this.ats[i] as number;
    return atI < at || (atI === at && (this.keys[i] as string) < key);
  }

  /** Whether the entry `(at, key)` orders before entry `i`. */
  private precedes(at: number, key: string, i: number): boolean {
    const atI = this.ats[i] as number;
    return at < atI || (at === atI && key < (this.keys[i] as string));
  }

  private up(index: number): void {
    const key = this.keys[index] as string;
    const at = this.ats[index] as number;
    const stamp = this.stamps[index] as number;
    let i = index;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.precedes(at, key, parent)) break;
      this.move(
        i,
        this.keys[parent] as string,
        this.ats[parent] as number,
        this.stamps[parent] as number,
      );
      i = parent;
    }
    this.move(i, key, at, stamp);
  }

  private down(index: number): void {
    const n = this.keys.length;
    const key = this.keys[index] as string;
    const at = this.ats[index] as number;
    const stamp = this.stamps[index] as number;
    let i = index;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= n) break;
      const right = left + 1;
      const child =
        right < n && this.before(right, this.ats[left] as number, this.keys[left] as string)
          ? right
          : left;
      if (!this.before(child, at, key)) break;
      this.move(
        i,
        this.keys[child] as string,
        this.ats[child] as number,
        this.stamps[child] as number,
      );
      i = child;
    }
    this.move(i, key, at, stamp);
  }
}
