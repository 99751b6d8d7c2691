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

/** Keys per chunk before it splits in two: inserts move at most this many keys. */
const CHUNK = 512;

/** A position: the chunk, then the index in it. */
interface At {
  readonly chunk: number;
  readonly index: number;
}

/**
 * One chunk's keys as parallel arrays, not a `{ at, id }` object per key: a number array
 * holding only numbers keeps them unboxed (8 B each), where an object and its boxed time cost
 * ~60 B more per key, a million keys per order.
 */
class Chunk {
  constructor(
    readonly ats: number[],
    readonly ids: string[],
  ) {}

  get length(): number {
    return this.ids.length;
  }

  /** The key at `i` as an object, for callers and cursors (made on demand, never stored). */
  key(i: number): TimeKey {
    return { at: this.ats[i] as number, id: this.ids[i] as string };
  }
}

/** Whether a key satisfies a predicate, given as its two parts (no object per comparison). */
type Test = (at: number, id: string) => boolean;

/** Negative when the key (`at`, `id`) lists before `key`. */
const compareTo = (at: number, id: string, key: TimeKey): number =>
  at - key.at || (id < key.id ? -1 : id > key.id ? 1 : 0);

/**
 * Keys sorted ascending, for newest-first listing without sorting on each query. Kept in chunks
 * of under 2 × CHUNK keys, so an insert out of order (events of one millisecond get ids from
 * several id sources, runs get hashed ids) moves one chunk, never the whole list; in order it
 * is an append.
 */
export class SortedKeys {
  private readonly chunks: Chunk[] = [];
  private count = 0;

  /** `chunkSize` only changes for tests, to split chunks early. */
  constructor(private readonly chunkSize = CHUNK) {}

  get size(): number {
    return this.count;
  }

  insert(key: TimeKey): void {
    this.count += 1;
    const lastChunk = this.chunks[this.chunks.length - 1];
    if (lastChunk === undefined) {
      this.chunks.push(new Chunk([key.at], [key.id]));
      return;
    }
    const last = lastChunk.length - 1;
    if (compareTo(lastChunk.ats[last] as number, lastChunk.ids[last] as string, key) < 0) {
      lastChunk.ats.push(key.at);
      lastChunk.ids.push(key.id);
      if (lastChunk.length >= 2 * this.chunkSize) this.split(this.chunks.length - 1);
      return;
    }
    const at = this.firstAt((a, id) => compareTo(a, id, key) >= 0);
    const chunk = this.chunks[at.chunk] as Chunk;
    chunk.ats.splice(at.index, 0, key.at);
    chunk.ids.splice(at.index, 0, key.id);
    if (chunk.length >= 2 * this.chunkSize) this.split(at.chunk);
  }

  remove(key: TimeKey): void {
    const at = this.firstAt((a, id) => compareTo(a, id, key) >= 0);
    const chunk = this.chunks[at.chunk];
    if (chunk === undefined || at.index >= chunk.length) return;
    const found = compareTo(chunk.ats[at.index] as number, chunk.ids[at.index] as string, key);
    if (found !== 0) return;
    chunk.ats.splice(at.index, 1);
    chunk.ids.splice(at.index, 1);
    this.count -= 1;
    if (chunk.length === 0) this.chunks.splice(at.chunk, 1);
  }

  /** Remove every key whose id is in `ids`, in one pass. */
  removeIds(ids: ReadonlySet<string>): void {
    let keptChunks = 0;
    this.count = 0;
    for (const chunk of this.chunks) {
      let kept = 0;
      for (let i = 0; i < chunk.length; i++) {
        const id = chunk.ids[i] as string;
        if (ids.has(id)) continue;
        chunk.ats[kept] = chunk.ats[i] as number;
        chunk.ids[kept++] = id;
      }
      chunk.ats.length = kept;
      chunk.ids.length = kept;
      this.count += kept;
      if (kept > 0) this.chunks[keptChunks++] = chunk;
    }
    this.chunks.length = keptChunks;
  }

  /** Keys inside the scan, newest first; a generator, so a full page stops the walk. */
  *descending(scan: Scan): Generator<TimeKey> {
    const { after, atMax, atMin } = scan;
    if (this.count === 0) return;
    const pastMax = this.firstAt((at) => at > atMax);
    const pastCursor =
      after === null ? pastMax : this.firstAt((at, id) => compareTo(at, id, after) >= 0);
    const end = before(pastMax, pastCursor) ? pastMax : pastCursor;
    for (let c = end.chunk; c >= 0; c--) {
      const chunk = this.chunks[c] as Chunk;
      for (let i = (c === end.chunk ? end.index : chunk.length) - 1; i >= 0; i--) {
        if ((chunk.ats[i] as number) < atMin) return;
        yield chunk.key(i);
      }
    }
  }

  /**
   * Split a chunk grown too long into two halves, each a copy of exactly its length: V8 keeps
   * the capacity an array grew to when its tail is cut, and a chunk that will not grow again
   * would hold that room for good.
   */
  private split(c: number): void {
    const { ats, ids } = this.chunks[c] as Chunk;
    const size = this.chunkSize;
    this.chunks.splice(
      c,
      1,
      new Chunk(ats.slice(0, size), ids.slice(0, size)),
      new Chunk(ats.slice(size), ids.slice(size)),
    );
  }

  /**
   * Binary search: the first position whose key satisfies a predicate monotone in the order
   * (past the end: the last chunk's length, or chunk 0 index 0 when empty).
   */
  private firstAt(satisfied: Test): At {
    let lo = 0;
    let hi = this.chunks.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const chunk = this.chunks[mid] as Chunk;
      const last = chunk.length - 1;
      if (satisfied(chunk.ats[last] as number, chunk.ids[last] as string)) hi = mid;
      else lo = mid + 1;
    }
    if (lo === this.chunks.length) {
      const last = this.chunks.length - 1;
      return last < 0
        ? { chunk: 0, index: 0 }
        : { chunk: last, index: this.chunks[last]?.length ?? 0 };
    }
    const chunk = this.chunks[lo] as Chunk;
    let a = 0;
    let b = chunk.length - 1;
    while (a < b) {
      const mid = (a + b) >> 1;
      if (satisfied(chunk.ats[mid] as number, chunk.ids[mid] as string)) b = mid;
      else a = mid + 1;
    }
    return { chunk: lo, index: a };
  }
}

const before = (a: At, b: At): boolean =>
  a.chunk < b.chunk || (a.chunk === b.chunk && a.index < b.index);

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
