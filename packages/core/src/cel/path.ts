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
  // Indexed loops and the plain-object test first: this runs before every evaluation.
  let value: unknown = root;
  for (let i = 0; i < path.length; i++) {
    if (typeof value !== "object" || value === null) return MISSING;
    const key = path[i] as string;
    const proto: unknown = Object.getPrototypeOf(value);
    if (proto === Object.prototype || proto === null) {
      if (!Object.hasOwn(value, key)) return MISSING;
      value = (value as Record<string, unknown>)[key];
    } else if (value instanceof Map) {
      value = value.get(key);
    } else {
      return MISSING;
    }
    if (value === undefined) return MISSING;
  }
  return value === undefined ? MISSING : value;
}
