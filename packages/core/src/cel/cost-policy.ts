import type { ASTNode } from "@marcbachmann/cel-js";
import { MAX_COMPREHENSION_NESTING } from "./limits";
import { useRe2ForMatches } from "./re2-matches";

type Rejection = { readonly position: number; readonly message: string };

/** Variables in scope: the innermost macro's own variable, and every other one (outer). */
type Scope = {
  readonly own: string | null;
  readonly outer: ReadonlySet<string>;
  readonly depth: number;
};

const COMPREHENSIONS = new Set(["all", "exists", "exists_one", "filter"]);
const COMPARISONS = new Set(["==", "!=", "<", "<=", ">", ">="]);

/**
 * Refuses what could make one evaluation take more than linear time in the size of the events,
 * and switches `matches` to RE2. Without macros, CEL evaluates each node at most once and every
 * cel-js function is linear in its operands, so an evaluation costs at most (expression size) ×
 * (data size). What breaks that, each refused with its position (docs/matching.md):
 * - `matches` with a pattern that is not a literal, or not valid RE2 (re2-matches.ts);
 * - `duration(s)` on anything but a literal: cel-js parses it with a backtracking RegExp;
 * - `cel.bind` and `map`: each doubles a value for a few characters, 2^n work for n of text;
 * - comprehensions nested deeper than MAX_COMPREHENSION_NESTING;
 * - inside a comprehension's body, data from outside it (`event`, `async`, an outer macro's
 *   variable) used other than as a field path compared (==, !=, <, <=, >, >=) with something
 *   that is not from outside too, on the left of `in`, or tested with has(): the body runs once
 *   per element, so `x in event.data.list` costs the product of two list lengths, while such a
 *   comparison costs at most the element's (or the literal's) size.
 */
export function checkCost(
  ast: ASTNode,
  roots: readonly string[],
  source: string,
): Rejection | null {
  return walk(ast, { own: null, outer: new Set(roots), depth: 0 }, false, source);
}

function walk(node: ASTNode, scope: Scope, pathAllowed: boolean, source: string): Rejection | null {
  const outerRoot = scope.depth > 0 ? outerPathRoot(node, scope) : null;
  if (outerRoot !== null) {
    return pathAllowed ? indexesOf(node, scope, source) : outsideOnly(node, outerRoot);
  }
  switch (node.op) {
    case "rcall":
      return call(node, scope, source);
    case "call":
      if (node.args[0] === "duration" && node.args[1][0]?.op !== "value") {
        return { position: node.start, message: "duration() takes a string literal here" };
      }
      // has() reads one field: cheap wherever its path starts.
      return every(node.args[1], (a) => walk(a, scope, node.args[0] === "has", source));
    case "in":
      return walk(node.args[0], scope, true, source) ?? walk(node.args[1], scope, false, source);
    default:
      if (COMPARISONS.has(node.op)) {
        const [a, b] = node.args as [ASTNode, ASTNode];
        // Element-bounded only if one side comes from the element (or is a literal).
        if (scope.depth > 0 && outerPathRoot(a, scope) !== null) {
          const other = outerPathRoot(b, scope);
          if (other !== null) return outsideOnly(b, other);
        }
        return walk(a, scope, true, source) ?? walk(b, scope, true, source);
      }
      return every(children(node), (c) => walk(c, scope, false, source));
  }
}

function call(node: Extract<ASTNode, { op: "rcall" }>, scope: Scope, source: string) {
  const [name, receiver, args] = node.args;
  if (name === "bind" || name === "map") {
    return {
      position: node.start,
      message: `${name}() is not available: it can build a value twice its input's size per use, so an expression could take exponential time`,
    };
  }
  if (name === "matches") {
    const rejected = useRe2ForMatches(node, source);
    if (rejected !== null) return rejected;
  }
  const variable = args[0];
  if (COMPREHENSIONS.has(name) && args.length === 2 && variable?.op === "id") {
    const range = walk(receiver, scope, false, source);
    if (range !== null) return range;
    if (scope.depth >= MAX_COMPREHENSION_NESTING) {
      return {
        position: node.start,
        message: `comprehensions nest at most ${MAX_COMPREHENSION_NESTING} deep: each level multiplies the work by its list's length`,
      };
    }
    const outer = new Set(scope.outer);
    if (scope.own !== null) outer.add(scope.own);
    outer.delete(variable.args);
    const inner = { own: variable.args, outer, depth: scope.depth + 1 };
    return walk(args[1] as ASTNode, inner, false, source);
  }
  return walk(receiver, scope, false, source) ?? every(args, (a) => walk(a, scope, false, source));
}

function outsideOnly(node: ASTNode, root: string): Rejection {
  return {
    position: node.start,
    message: `inside a comprehension, \`${root}\` may only be compared (==, !=, <, <=, >, >=) with the element or a literal, be the left side of \`in\`, or be tested with has(): anything else on it would run once per element`,
  };
}

/** The outer variable a field path (`event.data.x`, `o.items[0]`) starts from, if it does. */
function outerPathRoot(node: ASTNode, scope: Scope): string | null {
  let n = node;
  while (n.op === "." || n.op === "[]") n = n.args[0];
  return n.op === "id" && n.args !== scope.own && scope.outer.has(n.args) ? n.args : null;
}

/** A path's `[i]` index expressions are evaluated too: they obey the rules of the scope. */
function indexesOf(node: ASTNode, scope: Scope, source: string): Rejection | null {
  let n = node;
  while (n.op === "." || n.op === "[]") {
    if (n.op === "[]") {
      const rejected = walk(n.args[1], scope, false, source);
      if (rejected !== null) return rejected;
    }
    n = n.args[0];
  }
  return null;
}

function children(node: ASTNode): ASTNode[] {
  switch (node.op) {
    case "value":
    case "id":
      return [];
    case ".":
    case ".?":
      return [node.args[0]];
    case "!_":
    case "-_":
      return [node.args];
    case "list":
      return node.args;
    case "map":
      return node.args.flat();
    case "call":
      return node.args[1];
    case "rcall":
      return [node.args[1], ...node.args[2]];
    default:
      return [...node.args];
  }
}

function every(nodes: readonly ASTNode[], f: (n: ASTNode) => Rejection | null): Rejection | null {
  for (const n of nodes) {
    const rejected = f(n);
    if (rejected !== null) return rejected;
  }
  return null;
}
