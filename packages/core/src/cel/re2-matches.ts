import type { ASTNode } from "@marcbachmann/cel-js";
import { RE2JS } from "re2js";
import { MAX_REGEX_INSTRUCTIONS } from "./limits";

type Rejection = { readonly position: number; readonly message: string };
type MatchesCall = Extract<ASTNode, { op: "rcall" }>;

/**
 * Makes a checked `matches` call run on RE2 (re2js) instead of cel-js's `new RegExp(p).test(s)`,
 * whose backtracking takes exponential time on patterns like `^(a+)+$`. CEL specifies RE2
 * syntax for `matches`, so this is also the conforming behaviour. The pattern must be a string
 * literal: it is compiled once, here, so a bad pattern is a compile error with a position, and
 * its size is bounded by the expression's (a pattern read from event data could be 512 KiB).
 *
 * cel-js 8 has no way to replace a built-in function (a second `string.matches(string)` overload
 * is refused as overlapping), so this sets the call node's `handle`, the function cel-js's
 * evaluator calls with the evaluated receiver and arguments (operators.js, `rcall`). If a future
 * cel-js no longer has it, the expression is refused rather than evaluated with RegExp; tests in
 * packages/core/test/cel/untrusted-expressions.test.ts pin the behaviour.
 */
export function useRe2ForMatches(node: MatchesCall, source: string): Rejection | null {
  const [, , args] = node.args;
  const pattern = args[0];
  // Only the one-argument form type-checks; anything else is refused rather than left to RegExp.
  if (
    args.length !== 1 ||
    pattern === undefined ||
    pattern.op !== "value" ||
    typeof pattern.args !== "string"
  ) {
    return {
      position: pattern?.start ?? node.start,
      message: "matches() takes a string literal pattern, e.g. s.matches('^[a-z]+$')",
    };
  }
  const compiled = compileRe2(pattern.args);
  if (typeof compiled === "string") {
    return { position: positionInLiteral(source, pattern, compiled), message: compiled };
  }
  const callNode = node as unknown as { handle?: unknown };
  if (typeof callNode.handle !== "function") {
    return { position: node.start, message: "matches() is unavailable in this build" };
  }
  callNode.handle = (values: readonly unknown[]): boolean => {
    const text = values[0];
    // Same outcome as cel-js's overload resolution for a non-string: an error, so no match.
    if (typeof text !== "string") throw new TypeError("matches() needs a string");
    return compiled.test(text);
  };
  return null;
}

/** The compiled pattern, or a one-line reason it was refused (quoting RE2's words). */
function compileRe2(pattern: string): RE2JS | string {
  let re: RE2JS;
  try {
    re = RE2JS.compile(pattern);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return `invalid RE2 pattern (${message}); RE2 has no backreferences or lookaround`;
  }
  const size = (re.re2().prog as { numInst(): number }).numInst();
  if (size > MAX_REGEX_INSTRUCTIONS) {
    return `pattern compiles to ${size} RE2 instructions; the limit is ${MAX_REGEX_INSTRUCTIONS} (use smaller repeat counts)`;
  }
  return re;
}

/**
 * Where in the expression the problem is: at the fragment RE2 quotes (`(?=`, `\1`) when the
 * literal holds the pattern verbatim (no escapes to map back), else at the literal itself.
 */
function positionInLiteral(source: string, literal: ASTNode, message: string): number {
  const pattern = literal.args as string;
  const raw = source.slice(literal.start, literal.end);
  const at = raw.indexOf(pattern);
  const fragment = /`([^`]+)`/.exec(message)?.[1];
  if (at < 0 || fragment === undefined) return literal.start;
  const inPattern = pattern.indexOf(fragment);
  return literal.start + at + Math.max(inPattern, 0);
}
