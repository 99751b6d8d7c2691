import { type Either, left, right } from "fp-ts/lib/Either.js";
import { MAX_EXPRESSION_LENGTH } from "./limits";
import { type ExpressionError, expressionError } from "./types";

const IDENT_START = /[A-Za-z_]/;
const IDENT_PART = /[A-Za-z0-9_]/;
// Words CEL's parser will not take as a field name after `.` (checked against cel-js 8).
const RESERVED = new Set(["in", "true", "false", "null"]);
// The rewrite names the field twice: `event.<f> == async.<f>` must fit MAX_EXPRESSION_LENGTH.
const REWRITE_OVERHEAD = "event. == async.".length;
export const MAX_MATCH_FIELD_LENGTH = Math.floor((MAX_EXPRESSION_LENGTH - REWRITE_OVERHEAD) / 2);

/**
 * Rewrites a `match` field (SPEC R2): `match: "data.x"` means `event.data.x == async.data.x`.
 * The field must be dotted identifiers; errors point at the offending character of `field`.
 */
export function matchToIf(field: string): Either<ExpressionError, string> {
  const fail = (position: number, message: string) =>
    left(expressionError(field, position, message));
  if (field.length === 0) return fail(0, 'match must name a field, e.g. "data.id"');
  if (field.length > MAX_MATCH_FIELD_LENGTH) {
    return fail(
      MAX_MATCH_FIELD_LENGTH,
      `match field is ${field.length} characters; the limit is ${MAX_MATCH_FIELD_LENGTH}`,
    );
  }
  let start = 0;
  for (const segment of field.split(".")) {
    if (segment.length === 0) return fail(start, "Empty path segment in match field");
    for (let i = 0; i < segment.length; i++) {
      const ch = segment.charAt(i);
      if (!(i === 0 ? IDENT_START : IDENT_PART).test(ch)) {
        return fail(
          start + i,
          `Unexpected character '${ch}' in match field (expected a dotted path like "data.id")`,
        );
      }
    }
    if (RESERVED.has(segment)) {
      return fail(start, `'${segment}' is a reserved word and cannot be used as a match field`);
    }
    start += segment.length + 1;
  }
  return right(`event.${field} == async.${field}`);
}
