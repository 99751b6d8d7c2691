import { type Either, left, right } from "fp-ts/lib/Either.js";

const UNIT_MS: Readonly<Record<string, number>> = {
  ms: 1,
  s: 1_000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
};

// One `<number><unit>` part; `ms` comes before `m` so "500ms" is not read as 500m + "s".
const PART = /(\d+(?:\.\d+)?)\s*(ms|s|m|h|d|w)/y;
const EXAMPLES = `"30s", "10m", "2h", "3d", "1w", "500ms" or "1h30m"`;

/**
 * Milliseconds in a duration: a non-negative finite number of ms, or a string of one or more
 * `<number><unit>` parts (units ms, s, m, h, d, w), e.g. "30s", "1h30m", "1.5h". Fractions of a
 * millisecond are rounded.
 */
export function parseDuration(input: string | number): Either<string, number> {
  if (typeof input === "number") {
    if (!Number.isFinite(input) || input < 0) {
      return left(`invalid duration ${input}: milliseconds must be a non-negative finite number`);
    }
    return right(input);
  }
  if (typeof input !== "string") return left(`invalid duration: expected a string or a number`);
  const text = input.trim();
  const invalid = left(
    `invalid duration ${JSON.stringify(input)}: expected ms or a string like ${EXAMPLES}`,
  );
  if (text.length === 0) return invalid;
  let total = 0;
  let at = 0;
  while (at < text.length) {
    PART.lastIndex = at;
    const m = PART.exec(text);
    const unit = m?.[2] === undefined ? undefined : UNIT_MS[m[2]];
    if (!m || unit === undefined) return invalid;
    total += Number(m[1]) * unit;
    at = PART.lastIndex;
    while (text.charAt(at) === " ") at++;
  }
  const ms = Math.round(total);
  if (!Number.isSafeInteger(ms)) {
    return left(`invalid duration ${JSON.stringify(input)}: too large`);
  }
  return right(ms);
}

// Strict ISO 8601: a time must carry its zone, or Date.parse would read it in the process's
// local time zone and the result would depend on the machine.
const ISO =
  /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|z|[+-]\d{2}:?\d{2}))?$/;

/**
 * Epoch milliseconds of an absolute time: a valid `Date`, an ISO 8601 string (with a zone if it
 * has a time, e.g. "2024-05-01T12:00:00Z"; a bare date is UTC midnight) or epoch ms.
 */
export function toEpochMs(input: Date | string | number): Either<string, number> {
  if (input instanceof Date) {
    const ms = input.getTime();
    return Number.isFinite(ms) ? right(ms) : left("invalid time: the Date is invalid");
  }
  if (typeof input === "number") {
    return Number.isFinite(input)
      ? right(input)
      : left(`invalid time ${input}: epoch milliseconds must be a finite number`);
  }
  if (typeof input !== "string") {
    return left("invalid time: expected a Date, an ISO string or epoch ms");
  }
  const text = input.trim();
  const ms = ISO.test(text) && isCalendarDate(text) ? Date.parse(text) : Number.NaN;
  if (!Number.isFinite(ms)) {
    return left(
      `invalid time ${JSON.stringify(input)}: expected an ISO 8601 time like "2024-05-01T12:00:00Z"`,
    );
  }
  return right(ms);
}

// V8's Date.parse rolls "2024-02-30" over to March 1st; a typo should be an error instead.
function isCalendarDate(text: string): boolean {
  const year = Number(text.slice(0, 4));
  const month = Number(text.slice(5, 7));
  const day = Number(text.slice(8, 10));
  const probe = new Date(Date.UTC(year, month - 1, day));
  return probe.getUTCMonth() === month - 1 && probe.getUTCDate() === day;
}
