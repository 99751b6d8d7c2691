import { type Either, left, right } from "fp-ts/lib/Either.js";
import type * as t from "io-ts";
import { type HttpError, invalidInput } from "./http-error";

/** A decoding failure that knows more than io-ts carries: the position inside a CEL expression. */
export type PositionedError = t.ValidationError & { readonly position?: number };

type Tagged = {
  readonly _tag?: string;
  readonly validate?: unknown;
  readonly base?: Tagged;
  readonly type?: Tagged;
};
// Entries under these types name a union or intersection member by index, not a field.
const TRANSPARENT = new Set(["UnionType", "IntersectionType", "RefinementType"]);
const ARRAYS = new Set(["ArrayType", "ReadonlyArrayType"]);

/**
 * The tag of what appends the next entry: an annotation that only describes its base decodes as
 * the base, and `t.exact` / `t.readonly` let the type they wrap append it (the fields of a
 * `t.type`, the members of a `t.intersection`).
 */
const decodingTag = (type: Tagged | undefined): string => {
  let current = type;
  for (;;) {
    if (current?._tag === "AnnotatedType" && current.base?.validate === current.validate)
      current = current.base;
    else if (current?._tag === "ExactType" || current?._tag === "ReadonlyType")
      current = current.type;
    else return current?._tag ?? "";
  }
};

/** `body.events[2].name` from an io-ts context, skipping union and intersection members. */
export const pathOf = (root: string, context: t.Context): string => {
  let path = root;
  for (let i = 1; i < context.length; i++) {
    const parent = decodingTag(context[i - 1]?.type as Tagged | undefined);
    const key = context[i]?.key ?? "";
    if (TRANSPARENT.has(parent) || key === "") continue;
    path += ARRAYS.has(parent) ? `[${key}]` : `.${key}`;
  }
  return path;
};

const show = (value: unknown): string => {
  if (value === undefined) return "nothing";
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
};

/** The first error, in words: where, what was expected, what came. */
export const describeErrors = (root: string, errors: t.Errors): HttpError => {
  const first = errors[0] as PositionedError | undefined;
  if (first === undefined) return invalidInput(root, "invalid");
  const path = pathOf(root, first.context);
  if (first.message !== undefined) return invalidInput(path, first.message, first.position);
  const expected = first.context[first.context.length - 1]?.type.name ?? "a valid value";
  if (first.value === undefined) return invalidInput(path, `is required (${expected})`);
  return invalidInput(path, `expected ${expected}, got ${show(first.value)}`);
};

/** Decode `value` (found at `root`: `body`, `query`, `params`), naming the path when it fails. */
export const decode = <A, O>(
  codec: t.Type<A, O, unknown>,
  value: unknown,
  root: string,
): Either<HttpError, A> => {
  const result = codec.decode(value);
  return result._tag === "Right" ? right(result.right) : left(describeErrors(root, result.left));
};
