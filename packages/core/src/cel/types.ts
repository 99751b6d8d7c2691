/** A CEL expression that failed to compile: where (0-based char offset) and why. */
export type ExpressionError = {
  readonly _tag: "ExpressionError";
  readonly source: string;
  readonly position: number;
  readonly message: string;
};

/** The values a JSON event (or a CEL literal) can hold that an index key can carry. */
export type LiteralValue = string | number | boolean | null;

/**
 * One `async.<path> == <event path | literal>` conjunct of a top-level `&&` chain (SPEC R7).
 * Paths are relative to their root: `async.data.id` has `asyncPath: ["data", "id"]`.
 */
export type Equality = {
  readonly asyncPath: readonly string[];
  readonly other:
    | { readonly kind: "event"; readonly path: readonly string[] }
    | { readonly kind: "literal"; readonly value: LiteralValue };
};

/** Variables an expression receives: `event` (the run's trigger), `async` (the candidate event). */
export type ExpressionVars = { readonly event?: unknown; readonly async?: unknown };

/** A parsed, type-checked CEL expression, ready to be evaluated many times. */
export type CompiledExpression = {
  readonly source: string;
  /** True only when the expression evaluates to boolean `true`; errors (missing fields) are false. */
  test(vars: ExpressionVars): boolean;
  /** Equalities usable as an index (empty: evaluate per candidate). */
  readonly equalities: readonly Equality[];
};

export const expressionError = (
  source: string,
  position: number,
  message: string,
): ExpressionError => ({ _tag: "ExpressionError", source, position, message });
