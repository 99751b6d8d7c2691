import { Environment, type ParseResult } from "@marcbachmann/cel-js";
import { type Either, left, right } from "fp-ts/lib/Either.js";
import { fromCelError } from "./compile-expression";
import { checkCost } from "./cost-policy";
import { MAX_EXPRESSION_LENGTH } from "./limits";
import { type ExpressionError, expressionError } from "./types";

/** A CEL expression over `event` whose value is a key (a `singleton.key`), compiled once. */
export type CompiledKey = {
  readonly source: string;
  /**
   * The key's value for one event, or why it has none: the expression failed (a missing field),
   * or its value is not a string, a number or a boolean (null, a list, a map, bytes, a time).
   */
  evaluate(event: unknown): Either<string, string | number | bigint | boolean>;
};

const environment = new Environment().registerVariable("event", "dyn");

const KEY_TYPES = new Set(["dyn", "string", "int", "uint", "double", "bool"]);

/**
 * Parses and type-checks a key expression (SPEC §2 `singleton.key`): only `event` in scope, a
 * type that can be a scalar, and the same cost policy as every other expression (cost-policy.ts).
 * Unlike `compileExpression`, its value need not be a bool. Errors carry a 0-based position.
 */
export function compileKey(source: string): Either<ExpressionError, CompiledKey> {
  if (source.length > MAX_EXPRESSION_LENGTH) {
    return left(
      expressionError(
        source,
        MAX_EXPRESSION_LENGTH,
        `expression is ${source.length} characters; the limit is ${MAX_EXPRESSION_LENGTH}`,
      ),
    );
  }
  let parsed: ParseResult;
  try {
    parsed = environment.parse(source);
  } catch (error) {
    return left(fromCelError(source, error, "event"));
  }
  const checked = parsed.check();
  if (!checked.valid) return left(fromCelError(source, checked.error, "event"));
  const type = checked.type ?? "unknown";
  if (!KEY_TYPES.has(type)) {
    return left(expressionError(source, 0, `A key must be a string, number or bool, got ${type}`));
  }
  const costly = checkCost(parsed.ast, ["event"], source);
  if (costly !== null) return left(expressionError(source, costly.position, costly.message));
  const evaluate: CompiledKey["evaluate"] = (event) => {
    let value: unknown;
    try {
      value = parsed({ event });
    } catch (error) {
      return left(firstLine(error));
    }
    switch (typeof value) {
      case "string":
      case "bigint":
      case "boolean":
        return right(value);
      case "number":
        return Number.isFinite(value) ? right(value) : left(`${value} is not a usable key`);
      default:
        return left(`its value is ${describe(value)}, not a string, number or bool`);
    }
  };
  return right({ source, evaluate });
}

const describe = (value: unknown): string =>
  value === null
    ? "null"
    : Array.isArray(value)
      ? "a list"
      : value instanceof Uint8Array
        ? "bytes"
        : value instanceof Date
          ? "a timestamp"
          : typeof value === "object"
            ? "a map"
            : typeof value;

const firstLine = (error: unknown): string => {
  const e = (typeof error === "object" && error !== null ? error : {}) as {
    summary?: unknown;
    message?: unknown;
  };
  if (typeof e.summary === "string") return e.summary;
  return String(e.message ?? error).split("\n")[0] ?? "evaluation failed";
};
