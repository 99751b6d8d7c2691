/** One scheduled item. Entries are never updated in place: replacing a key pushes a new entry. */
interface Entry {
  readonly key: string;
  readonly at: number;
}

const before = (a: Entry, b: Entry): boolean => a.at < b.at || (a.at === b.at && a.key < b.key);

/**
 * A binary min-heap of `(at, key)` with at most one live entry per key, ordered by `at` then
 * `key`. Replacing or deleting a key only forgets it in `live`; the old entry stays in the
 * array (lazy deletion) and is dropped when it surfaces at the top or when stale entries
 * outnumber live ones (compaction), so every operation stays O(log n) amortised.
 */
export class ScheduleHeap {
  private readonly items: Entry[] = [];
  private readonly live = new Map<string, Entry>();

  get size(): number {
    return this.live.size;
  }

  get(key: string): number | undefined {
    return this.live.get(key)?.at;
  }

  set(key: string, at: number): void {
    const entry: Entry = { key, at };
    this.live.set(key, entry);
    this.push(entry);
    this.compactIfStale();
  }

  delete(key: string): void {
    if (this.live.delete(key)) this.compactIfStale();
  }

  /** The earliest live entry's time, or null when empty. */
  peekAt(): number | null {
    return this.top()?.at ?? null;
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
    const taken: Entry[] = [];
    while (taken.length < limit) {
      const head = this.top();
      if (head === undefined || head.at > now) break;
      this.pop();
      taken.push(head);
    }
    for (const entry of taken) this.push(entry);
    return taken.map((entry) => entry.key);
  }

  private takeWhile(due: (at: number) => boolean, limit: number): string[] {
    const out: string[] = [];
    while (out.length < limit) {
      const head = this.top();
      if (head === undefined || !due(head.at)) break;
      this.pop();
      this.live.delete(head.key);
      out.push(head.key);
    }
    return out;
  }

  /** The live head, after discarding stale entries that surfaced. */
  private top(): Entry | undefined {
    for (;;) {
      const head = this.items[0];
      if (head === undefined || this.live.get(head.key) === head) return head;
      this.pop();
    }
  }

  private compactIfStale(): void {
    if (this.items.length <= 64 || this.items.length <= 2 * this.live.size) return;
    this.items.length = 0;
    for (const entry of this.live.values()) this.items.push(entry);
    for (let i = (this.items.length >> 1) - 1; i >= 0; i--) this.down(i);
  }

  private push(entry: Entry): void {
    this.items.push(entry);
    this.up(this.items.length - 1);
  }

  private pop(): void {
    const last = this.items.pop();
    if (last === undefined || this.items.length === 0) return;
    this.items[0] = last;
    this.down(0);
  }

  private up(index: number): void {
    const items = this.items;
    const entry = items[index] as Entry;
    let i = index;
    while (i > 0) {
      const parentIndex = (i - 1) >> 1;
      const parent = items[parentIndex] as Entry;
      if (!before(entry, parent)) break;
      items[i] = parent;
      i = parentIndex;
    }
    items[i] = entry;
  }

  private down(index: number): void {
    const items = this.items;
    const n = items.length;
    const entry = items[index] as Entry;
    let i = index;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= n) break;
      const right = left + 1;
      let child = left;
      if (right < n && before(items[right] as Entry, items[left] as Entry)) child = right;
      const smallest = items[child] as Entry;
      if (!before(smallest, entry)) break;
      items[i] = smallest;
      i = child;
    }
    items[i] = entry;
  }
}
