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
 * Keys sorted ascending, for newest-first listing without sorting on each query. Kept in chunks
 * of under 2 × CHUNK keys, so an insert out of order (events of one millisecond get ids from
 * several id sources, runs get hashed ids) moves one chunk, never the whole list; in order it
 * is an append.
 */
export class SortedKeys {
  private readonly chunks: TimeKey[][] = [];
  private count = 0;

  /** `chunkSize` only changes for tests, to split chunks early. */
  constructor(private readonly chunkSize = CHUNK) {}

  get size(): number {
    return this.count;
  }

  insert(key: TimeKey): void {
    this.count += 1;
    const lastChunk = this.chunks[this.chunks.length - 1];
    const last = lastChunk?.[lastChunk.length - 1];
    if (lastChunk === undefined || last === undefined) {
      this.chunks.push([key]);
      return;
    }
    if (compareKeys(last, key) < 0) {
      lastChunk.push(key);
      if (lastChunk.length >= 2 * this.chunkSize) this.split(this.chunks.length - 1);
      return;
    }
    const at = this.firstAt((k) => compareKeys(k, key) >= 0);
    const chunk = this.chunks[at.chunk] as TimeKey[];
    chunk.splice(at.index, 0, key);
    if (chunk.length >= 2 * this.chunkSize) this.split(at.chunk);
  }

  remove(key: TimeKey): void {
    const at = this.firstAt((k) => compareKeys(k, key) >= 0);
    const chunk = this.chunks[at.chunk];
    const found = chunk?.[at.index];
    if (chunk === undefined || found === undefined || compareKeys(found, key) !== 0) return;
    chunk.splice(at.index, 1);
    this.count -= 1;
    if (chunk.length === 0) this.chunks.splice(at.chunk, 1);
  }

  /** Remove every key whose id is in `ids`, in one pass. */
  removeIds(ids: ReadonlySet<string>): void {
    let keptChunks = 0;
    this.count = 0;
    for (const chunk of this.chunks) {
      let kept = 0;
      for (const key of chunk) if (!ids.has(key.id)) chunk[kept++] = key;
      chunk.length = kept;
      this.count += kept;
      if (kept > 0) this.chunks[keptChunks++] = chunk;
    }
    this.chunks.length = keptChunks;
  }

  /** Keys inside the scan, newest first; a generator, so a full page stops the walk. */
  *descending(scan: Scan): Generator<TimeKey> {
    const { after, atMax, atMin } = scan;
    if (this.count === 0) return;
    const pastMax = this.firstAt((k) => k.at > atMax);
    const pastCursor = after === null ? pastMax : this.firstAt((k) => compareKeys(k, after) >= 0);
    const end = before(pastMax, pastCursor) ? pastMax : pastCursor;
    for (let c = end.chunk; c >= 0; c--) {
      const chunk = this.chunks[c] as TimeKey[];
      for (let i = (c === end.chunk ? end.index : chunk.length) - 1; i >= 0; i--) {
        const key = chunk[i] as TimeKey;
        if (key.at < atMin) return;
        yield key;
      }
    }
  }

  /** Split a chunk grown too long into two halves. */
  private split(c: number): void {
    const chunk = this.chunks[c] as TimeKey[];
    this.chunks.splice(c + 1, 0, chunk.splice(this.chunkSize));
  }

  /**
   * Binary search: the first position whose key satisfies a predicate monotone in the order
   * (past the end: the last chunk's length, or chunk 0 index 0 when empty).
   */
  private firstAt(satisfied: (key: TimeKey) => boolean): At {
    let lo = 0;
    let hi = this.chunks.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const chunk = this.chunks[mid] as TimeKey[];
      if (satisfied(chunk[chunk.length - 1] as TimeKey)) hi = mid;
      else lo = mid + 1;
    }
    if (lo === this.chunks.length) {
      const last = this.chunks.length - 1;
      return last < 0
        ? { chunk: 0, index: 0 }
        : { chunk: last, index: this.chunks[last]?.length ?? 0 };
    }
    const chunk = this.chunks[lo] as TimeKey[];
    let a = 0;
    let b = chunk.length - 1;
    while (a < b) {
      const mid = (a + b) >> 1;
      if (satisfied(chunk[mid] as TimeKey)) b = mid;
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
