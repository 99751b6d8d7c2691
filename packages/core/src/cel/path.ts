/** Marks a path that does not resolve; distinct from every JSON value, `undefined` included. */
export const MISSING: unique symbol = Symbol("missing");

/**
 * Reads `path` under `root` exactly as cel-js 8's field selection does (operators.js
 * `fieldAccess`): own properties of objects whose `constructor` is `Object` or absent, and
 * entries of Maps; an `undefined` value counts as absent. Where this returns MISSING, cel-js
 * throws ("No such key", "Unsupported type"), so a match is impossible. Used to skip hopeless
 * evaluations cheaply and to compute index keys (SPEC R7).
 */
export function readPath(root: unknown, path: readonly string[]): unknown {
  // Indexed loop and a `constructor` test (not getPrototypeOf): this runs before every
  // evaluation, and the constructor test is ~2x faster and is what cel-js itself checks.
  let value: unknown = root;
  for (let i = 0; i < path.length; i++) {
    if (typeof value !== "object" || value === null) return MISSING;
    const key = path[i] as string;
    const ctor: unknown = (value as { constructor?: unknown }).constructor;
    if (ctor === Object || ctor === undefined) {
      value = Object.hasOwn(value, key) ? (value as Record<string, unknown>)[key] : undefined;
    } else if (value instanceof Map) {
      value = value.get(key);
    } else {
      return MISSING;
    }
    if (value === undefined) return MISSING;
  }
  return value === undefined ? MISSING : value;
}
