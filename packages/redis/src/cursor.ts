import { invalidCursor, type ListRunsFilter } from "@quell/core";
import { sortableTime } from "./encode";

/** A listRuns cursor is the last served run's order member, base64url: opaque to callers. */
export const encodeCursor = (member: string): string =>
  Buffer.from(member, "utf8").toString("base64url");

const decodeCursor = (cursor: string): string => {
  const member = Buffer.from(cursor, "base64url").toString("utf8");
  if (!/^[0-9a-f]{16}./s.test(member)) {
    throw invalidCursor();
  }
  return member;
};

/**
 * The ZREVRANGEBYLEX bounds of a page: below the cursor (exclusive) or `createdBefore`
 * (inclusive, every id), and from `createdAfter` (inclusive). "\u00ff" never occurs in UTF-8, so
 * it closes the inclusive upper bound after every id; the script receives it as that byte.
 */
export const pageBounds = (filter: ListRunsFilter): { max: Buffer; min: string } => {
  const before = filter.createdBefore === undefined ? null : sortableTime(filter.createdBefore);
  const after = filter.cursor === undefined ? null : decodeCursor(filter.cursor);
  const min = filter.createdAfter === undefined ? "-" : `[${sortableTime(filter.createdAfter)}`;
  if (after !== null && (before === null || after.slice(0, 16) <= before)) {
    return { max: Buffer.from(`(${after}`, "utf8"), min };
  }
  if (before === null) return { max: Buffer.from("+"), min };
  return { max: Buffer.concat([Buffer.from(`[${before}`), Buffer.from([0xff])]), min };
};
