import { encodeTuple } from "./encode";
import { MISSING, readPath } from "./path";
import type { CompiledExpression, Equality } from "./types";

export type { Equality } from "./types";

/**
 * The key of a listener whose expression can never match (a needed field of its triggering
 * event is missing). Keys from `eventIndexKey` JSON-escape every string, so none contains a raw
 * NUL and none can equal this.
 */
export const NEVER_KEY = "\u0000never";

/** Where a listener is filed (SPEC R7): which async paths, and the values they must equal. */
export type ListenerIndex = { readonly signature: string; readonly key: string };

const pathKey = (path: readonly string[]): string => path.join(".");

/**
 * The index entry for a listener: `signature` lists the distinct async paths of the expression's
 * equalities, sorted (e.g. `data.importId|data.n`); `key` encodes, in that order, the value each
 * must equal, read from the run's triggering event or taken from the literal. Null when the
 * expression has no usable equality: the caller then evaluates it per candidate.
 */
export function listenerIndex(
  expr: CompiledExpression,
  triggerEvent: unknown,
): ListenerIndex | null {
  const byPath = distinctByAsyncPath(expr.equalities);
  if (byPath.length === 0) return null;
  const signature = byPath.map(([path]) => path).join("|");
  const values: unknown[] = [];
  for (const [, equality] of byPath) {
    const other = equality.other;
    const value = other.kind === "literal" ? other.value : readPath(triggerEvent, other.path);
    // CEL fails on a missing field, so the expression can never be true for this run.
    if (value === MISSING) return { signature, key: NEVER_KEY };
    values.push(value);
  }
  return { signature, key: encodeTuple(values) };
}

/**
 * The key an incoming event has under `signature`, to look up the listeners filed there; equal
 * to `listenerIndex(expr, trigger).key` whenever `expr` matches. Null when a path is missing
 * (no listener under this signature can match the event).
 */
export function eventIndexKey(signature: string, asyncEvent: unknown): string | null {
  const values: unknown[] = [];
  for (const path of parseSignature(signature)) {
    const value = readPath(asyncEvent, path);
    if (value === MISSING) return null;
    values.push(value);
  }
  return encodeTuple(values);
}

/**
 * One equality per async path, sorted by path. When a path is constrained twice, a match
 * satisfies both, so either one gives a sound key: take the first.
 */
function distinctByAsyncPath(equalities: readonly Equality[]): [string, Equality][] {
  const seen = new Map<string, Equality>();
  for (const e of equalities) {
    const key = pathKey(e.asyncPath);
    if (!seen.has(key)) seen.set(key, e);
  }
  return [...seen].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

// Signatures are few and looked up once per incoming event each: memoise their parsing.
const SIGNATURE_CACHE_LIMIT = 10_000;
const signatures = new Map<string, readonly (readonly string[])[]>();

function parseSignature(signature: string): readonly (readonly string[])[] {
  const hit = signatures.get(signature);
  if (hit) return hit;
  const parsed = signature.split("|").map((p) => p.split("."));
  if (signatures.size >= SIGNATURE_CACHE_LIMIT) signatures.clear();
  signatures.set(signature, parsed);
  return parsed;
}
