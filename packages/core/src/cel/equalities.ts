import type { ASTNode } from "@marcbachmann/cel-js";
import type { Equality, LiteralValue } from "./types";

type Root = "event" | "async";
type RootedPath = { readonly root: Root; readonly path: readonly string[] };

/**
 * The equalities of the top-level `&&` chain (any nesting of `&&`) that compare an `async.*`
 * path with an `event.*` path or a literal, in source order (SPEC R7). Only conjuncts of that
 * chain qualify: `test` can be true only if each of them evaluated to true, so each extracted
 * equality is implied by a match. Under `||` or `!` nothing is implied, hence nothing taken.
 */
export function extractEqualities(ast: ASTNode): Equality[] {
  const out: Equality[] = [];
  for (const node of conjuncts(ast)) {
    if (node.op !== "==") continue;
    const [a, b] = node.args;
    const equality = orient(a, b) ?? orient(b, a);
    if (equality) out.push(equality);
  }
  return out;
}

/** Every `event.*`/`async.*` path a match requires to exist (each once): if one is missing, no match. */
export function requiredPaths(equalities: readonly Equality[]): RootedPath[] {
  const byKey = new Map<string, RootedPath>();
  const add = (root: Root, path: readonly string[]) =>
    byKey.set(`${root}.${path.join(".")}`, { root, path });
  for (const e of equalities) {
    add("async", e.asyncPath);
    if (e.other.kind === "event") add("event", e.other.path);
  }
  return [...byKey.values()];
}

function conjuncts(node: ASTNode): ASTNode[] {
  if (node.op !== "&&") return [node];
  return [...conjuncts(node.args[0]), ...conjuncts(node.args[1])];
}

function orient(asyncSide: ASTNode, otherSide: ASTNode): Equality | null {
  const a = rootedPath(asyncSide);
  // `async == x` (empty path) is left out: index signatures name at least one field.
  if (a?.root !== "async" || a.path.length === 0) return null;
  const other = rootedPath(otherSide);
  if (other?.root === "event") {
    return { asyncPath: a.path, other: { kind: "event", path: other.path } };
  }
  const literal = literalOf(otherSide);
  return literal ? { asyncPath: a.path, other: { kind: "literal", value: literal.value } } : null;
}

function rootedPath(node: ASTNode): RootedPath | null {
  if (node.op === "id") {
    return node.args === "event" || node.args === "async" ? { root: node.args, path: [] } : null;
  }
  if (node.op !== ".") return null;
  const parent = rootedPath(node.args[0]);
  return parent ? { root: parent.root, path: [...parent.path, node.args[1]] } : null;
}

/**
 * A literal usable in a key, boxed so that `null` is distinguishable from "not a literal".
 * CEL ints arrive as BigInt; only those a double holds exactly become numbers (beyond that,
 * Number() would round, and the index could then disagree with CEL's exact comparison).
 * uint (`3u`) and bytes literals are not indexed; the conjunct is still evaluated.
 */
function literalOf(node: ASTNode): { value: LiteralValue } | null {
  if (node.op === "-_") {
    const inner = literalOf(node.args);
    return typeof inner?.value === "number" ? { value: -inner.value } : null;
  }
  if (node.op !== "value") return null;
  const v = node.args;
  if (v === null || typeof v === "string" || typeof v === "boolean" || typeof v === "number") {
    return { value: v };
  }
  if (typeof v === "bigint" && v >= MIN_SAFE && v <= MAX_SAFE) return { value: Number(v) };
  return null;
}

const MIN_SAFE = BigInt(Number.MIN_SAFE_INTEGER);
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);
