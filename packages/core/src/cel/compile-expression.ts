import { Environment, type ParseResult } from "@marcbachmann/cel-js";
import { type Either, left, type Right, right } from "fp-ts/lib/Either.js";
import { LRUCache } from "lru-cache";
import { checkCost } from "./cost-policy";
import { extractEqualities, requiredPaths } from "./equalities";
import { CACHE_MAX_CHARACTERS, CACHE_MAX_ENTRIES, MAX_EXPRESSION_LENGTH } from "./limits";
import { MISSING, readPath } from "./path";
import {
  type CompiledExpression,
  type ExpressionError,
  type ExpressionVars,
  expressionError,
} from "./types";

export type { CompiledExpression, Equality, ExpressionError, ExpressionVars } from "./types";

/**
 * Which variables an expression may use: `event+async` for cancelOn / waitForEvent (trigger
 * event and candidate), `event` for trigger filters and bulk cancellation (SPEC §2, §4.5).
 */
export type ExpressionScope = "event+async" | "event";

// Declaring the variables (instead of cel-js's `unlistedVariablesAreDyn`) makes the type checker
// reject any other identifier at compile time, with its position.
const environments: Record<ExpressionScope, Environment> = {
  "event+async": new Environment()
    .registerVariable("event", "dyn")
    .registerVariable("async", "dyn"),
  event: new Environment().registerVariable("event", "dyn"),
};

const ROOTS: Record<ExpressionScope, readonly string[]> = {
  "event+async": ["event", "async"],
  event: ["event"],
};

// Successes only: a failure is cheap to find again (the length check comes first, and a parse
// of at most MAX_EXPRESSION_LENGTH characters is bounded), while caching failures let anyone
// who can send a request fill the memory with rejected text.
// Keyed by the source alone (no per-call key concatenation on the matching hot path); one
// entry holds the source's compiles for each scope, and counts its characters once.
type Compiled = { [S in ExpressionScope]?: Right<CompiledExpression> };
const cache = new LRUCache<string, Compiled>({
  max: CACHE_MAX_ENTRIES,
  maxSize: CACHE_MAX_CHARACTERS,
  sizeCalculation: (_value, source) => Math.max(source.length, 1),
});

/** How much the compile cache holds now: sources, and their characters in all. */
export const expressionCacheStats = (): {
  readonly entries: number;
  readonly characters: number;
} => ({
  entries: cache.size,
  characters: cache.calculatedSize,
});

/**
 * Parses and type-checks a CEL expression once; successes are memoised by source in an LRU
 * bounded in entries and in characters, failures never. Rejects, each with a 0-based position:
 * text over MAX_EXPRESSION_LENGTH (before parsing), syntax errors, variables other than those of
 * `scope`, expressions whose static type cannot be bool, and constructs that could take more
 * than linear time (cost-policy.ts).
 */
export function compileExpression(
  source: string,
  scope: ExpressionScope = "event+async",
): Either<ExpressionError, CompiledExpression> {
  if (source.length > MAX_EXPRESSION_LENGTH) {
    return left(
      expressionError(
        source,
        MAX_EXPRESSION_LENGTH,
        `expression is ${source.length} characters; the limit is ${MAX_EXPRESSION_LENGTH}`,
      ),
    );
  }
  const entry = cache.get(source);
  const hit = entry?.[scope];
  if (hit !== undefined) return hit;
  const result = compileUncached(source, scope);
  if (result._tag === "Right") {
    if (entry === undefined) cache.set(source, { [scope]: result });
    else entry[scope] = result;
  }
  return result;
}

function compileUncached(
  source: string,
  scope: ExpressionScope,
): Either<ExpressionError, CompiledExpression> {
  let evaluate: ParseResult;
  try {
    evaluate = environments[scope].parse(source);
  } catch (error) {
    return left(fromCelError(source, error, scope));
  }
  // check() also stores the checked types on the AST, so evaluation skips per-call type checks.
  const checked = evaluate.check();
  if (!checked.valid) return left(fromCelError(source, checked.error, scope));
  if (checked.type !== "bool" && checked.type !== "dyn") {
    const got = checked.type ?? "unknown";
    return left(expressionError(source, 0, `Expression must evaluate to a bool, got ${got}`));
  }
  const costly = checkCost(evaluate.ast, ROOTS[scope], source);
  if (costly !== null) return left(expressionError(source, costly.position, costly.message));
  const equalities = extractEqualities(evaluate.ast);
  const required = requiredPaths(equalities);
  const test = (vars: ExpressionVars): boolean => {
    // Fast path: a missing field makes cel-js throw, and building its error costs ~10 µs.
    for (let i = 0; i < required.length; i++) {
      const r = required[i] as (typeof required)[number];
      if (readPath(vars[r.root], r.path) === MISSING) return false;
    }
    try {
      return evaluate(vars) === true;
    } catch {
      return false;
    }
  };
  return right({ source, test, equalities });
}

type CelErrorLike = {
  summary?: unknown;
  message?: unknown;
  code?: unknown;
  range?: { start?: unknown };
  node?: { pos?: unknown };
};

/** A cel-js error as an `ExpressionError`: its one-line reason and its position in `source`. */
export function fromCelError(
  source: string,
  error: unknown,
  scope: ExpressionScope,
): ExpressionError {
  const e = (typeof error === "object" && error !== null ? error : {}) as CelErrorLike;
  const position =
    typeof e.range?.start === "number"
      ? e.range.start
      : typeof e.node?.pos === "number"
        ? e.node.pos
        : 0;
  // cel-js's `message` embeds a multi-line source excerpt; `summary` is the one-line reason.
  const summary =
    typeof e.summary === "string"
      ? e.summary
      : (String(e.message ?? error).split("\n")[0] ?? "invalid expression");
  const allowed = scope === "event" ? "only `event` is available here" : "use `event` or `async`";
  const message = e.code === "unknown_variable" ? `${summary} (${allowed})` : summary;
  return expressionError(source, Math.min(Math.max(position, 0), source.length), message);
}
