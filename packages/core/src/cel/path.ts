/** Marks a path that does not resolve; distinct from every JSON value, `undefined` included. */
export const MISSING: unique symbol = Symbol("missing");

/**
 * Reads `path` under `root` the way cel-js's field selection does whenever that selection
 * succeeds: own properties of plain (or null-prototype) objects and entries of Maps, where an
 * `undefined` value counts as absent. Anything else (arrays, strings, class instances, null)
 * has no fields: cel-js throws "No such key" / "Unsupported type" there, so MISSING is exact.
 * Used both to skip hopeless evaluations early and to compute index keys (SPEC R7).
 */
export function readPath(root: unknown, path: readonly string[]): unknown {
  let value: unknown = root;
  for (const key of path) {
    value = field(value, key);
    if (value === MISSING) return MISSING;
  }
  return value === undefined ? MISSING : value;
}

function field(value: unknown, key: string): unknown {
  if (typeof value !== "object" || value === null) return MISSING;
  let found: unknown;
  if (value instanceof Map) {
    found = value.get(key);
  } else {
    const proto: unknown = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) return MISSING;
    if (!Object.hasOwn(value, key)) return MISSING;
    found = (value as Record<string, unknown>)[key];
  }
  return found === undefined ? MISSING : found;
}
