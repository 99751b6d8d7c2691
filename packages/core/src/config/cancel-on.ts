import { type Either, isLeft, isRight, left, right } from "fp-ts/lib/Either.js";
import { compileExpression } from "../cel/compile-expression";
import { matchToIf } from "../cel/match-to-if";
import type { CompiledExpression } from "../cel/types";
import { isRecord } from "./config-error";
import { parseDuration, toEpochMs } from "./duration";

/** When a cancelOn listener stops listening (SPEC R4); null: until the run ends. */
export type CancelOnTimeout =
  | { readonly kind: "relative"; readonly ms: number }
  | { readonly kind: "absolute"; readonly at: number };

/** One validated cancelOn entry; `match` has been rewritten to an expression (SPEC R2). */
export type CancelOnRule = {
  readonly index: number;
  readonly event: string;
  /** Null: no match/if, the entry cancels every in-flight run of the function (SPEC R5). */
  readonly expression: CompiledExpression | null;
  readonly timeout: CancelOnTimeout | null;
};

export const MAX_CANCEL_ON = 5;
const ENTRY_KEYS = new Set(["event", "match", "if", "timeout"]);

type EntryProblem = { readonly path: string; readonly message: string; readonly position?: number };
type Validated = { readonly rules: CancelOnRule[]; readonly warnings: string[] };

/** Validates the `cancelOn` option (absent means none); see `validateFunction`. */
export function validateCancelOn(value: unknown, slug: string): Either<EntryProblem, Validated> {
  if (value === undefined) return right({ rules: [], warnings: [] });
  if (!Array.isArray(value)) {
    return left({ path: "cancelOn", message: "cancelOn must be an array" });
  }
  if (value.length > MAX_CANCEL_ON) {
    return left({
      path: "cancelOn",
      message: `at most ${MAX_CANCEL_ON} cancelOn entries are allowed, got ${value.length}`,
    });
  }
  const rules: CancelOnRule[] = [];
  const warnings: string[] = [];
  for (const [index, entry] of value.entries()) {
    const rule = validateEntry(entry, index);
    if (isLeft(rule)) return rule;
    rules.push(rule.right);
    if (rule.right.expression === null) {
      warnings.push(
        `cancelOn[${index}] has neither "match" nor "if": every in-flight run of function "${slug}" is cancelled when a "${rule.right.event}" event arrives`,
      );
    }
  }
  return right({ rules, warnings });
}

function validateEntry(entry: unknown, index: number): Either<EntryProblem, CancelOnRule> {
  const at = `cancelOn[${index}]`;
  const fail = (path: string, message: string, position?: number): Either<EntryProblem, never> =>
    left({ path, message, ...(position === undefined ? {} : { position }) });
  if (!isRecord(entry)) {
    return fail(at, "entry must be an object like { event, match? | if?, timeout? }");
  }
  // Unknown keys are rejected: a misspelt `if` would otherwise silently cancel every run (R5).
  for (const key of Object.keys(entry)) {
    if (!ENTRY_KEYS.has(key)) {
      return fail(`${at}.${key}`, `unknown option "${key}" (expected event, match, if, timeout)`);
    }
  }
  const { event, match, timeout } = entry;
  const condition = entry.if;
  if (typeof event !== "string" || event.length === 0) {
    return fail(`${at}.event`, "event is required (a non-empty string)");
  }
  if (match !== undefined && condition !== undefined) {
    return fail(at, "match and if are mutually exclusive");
  }

  let expression: CompiledExpression | null = null;
  if (match !== undefined) {
    if (typeof match !== "string") {
      return fail(`${at}.match`, 'match must be a field path string like "data.id"');
    }
    const source = matchToIf(match);
    if (isLeft(source)) return fail(`${at}.match`, source.left.message, source.left.position);
    const compiled = compileExpression(source.right);
    // matchToIf already vetted the path; positions in the rewrite would not point into `match`.
    if (isLeft(compiled)) return fail(`${at}.match`, compiled.left.message);
    expression = compiled.right;
  } else if (condition !== undefined) {
    if (typeof condition !== "string") {
      return fail(`${at}.if`, "if must be a CEL expression string");
    }
    const compiled = compileExpression(condition);
    if (isLeft(compiled)) return fail(`${at}.if`, compiled.left.message, compiled.left.position);
    expression = compiled.right;
  }

  const parsed = timeout === undefined ? right(null) : parseTimeout(timeout);
  if (isLeft(parsed)) return fail(`${at}.timeout`, parsed.left);
  return right({ index, event, expression, timeout: parsed.right });
}

/**
 * A duration (string or ms) is relative to run creation; a Date or ISO time is absolute.
 * Strings are tried as durations first: "10m" is never a valid ISO time, nor the reverse.
 */
function parseTimeout(value: unknown): Either<string, CancelOnTimeout> {
  if (typeof value === "number") {
    const ms = parseDuration(value);
    return isRight(ms) ? right({ kind: "relative", ms: ms.right }) : ms;
  }
  if (value instanceof Date || typeof value === "string") {
    const ms = typeof value === "string" ? parseDuration(value) : left("");
    if (isRight(ms)) return right({ kind: "relative", ms: ms.right });
    const at = toEpochMs(value);
    if (isRight(at)) return right({ kind: "absolute", at: at.right });
    return left(
      typeof value === "string"
        ? `invalid timeout ${JSON.stringify(value)}: expected a duration like "30s", "2h", "1w" or an ISO 8601 time like "2024-05-01T12:00:00Z"`
        : at.left,
    );
  }
  return left('timeout must be a duration ("30m" or ms) or an absolute time (Date or ISO string)');
}
