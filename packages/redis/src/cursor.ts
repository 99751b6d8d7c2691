import { invalidCursor } from "@quell/core";
import { sortableTime } from "./encode";

/**
 * A listRuns or listEvents cursor is the last served member of a lex-ordered set (16 hex digits
 * of sortable time, then an id), base64url: opaque to callers.
 */
export const encodeCursor = (member: string): string =>
  Buffer.from(member, "utf8").toString("base64url");

const decodeCursor = (cursor: string): string => {
  const member = Buffer.from(cursor, "base64url").toString("utf8");
  if (!/^[0-9a-f]{16}./s.test(member)) {
    throw invalidCursor();
  }
  return member;
};

/** A page of a lex-ordered set: its time window (both inclusive) and the previous page's cursor. */
export interface PageWindow {
  readonly after?: number | undefined;
  readonly before?: number | undefined;
  readonly cursor?: string | undefined;
}

/**
 * The ZREVRANGEBYLEX bounds of a page: below the cursor (exclusive) or `before` (inclusive,
 * every id), and from `after` (inclusive). "\u00ff" never occurs in UTF-8, so it closes the
 * inclusive upper bound after every id; the script receives it as that byte.
 */
export const pageBounds = (window: PageWindow): { max: Buffer; min: string } => {
  const before = window.before === undefined ? null : sortableTime(window.before);
  const after = window.cursor === undefined ? null : decodeCursor(window.cursor);
  const min = window.after === undefined ? "-" : `[${sortableTime(window.after)}`;
  if (after !== null && (before === null || after.slice(0, 16) <= before)) {
    return { max: Buffer.from(`(${after}`, "utf8"), min };
  }
  if (before === null) return { max: Buffer.from("+"), min };
  return { max: Buffer.concat([Buffer.from(`[${before}`), Buffer.from([0xff])]), min };
};
