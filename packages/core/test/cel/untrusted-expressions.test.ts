// Issue 10, item 7: expressions from untrusted requests can neither hold memory (a size limit
// checked before parsing, a bounded cache that never keeps a failure) nor take super-linear
// time (RE2 for `matches`, and a policy on the few constructs that could). docs/matching.md.
import { isLeft, isRight } from "fp-ts/lib/Either.js";
import { describe, expect, it } from "vitest";
import { compileExpression, expressionCacheStats } from "../../src/cel/compile-expression";
import {
  CACHE_MAX_CHARACTERS,
  CACHE_MAX_ENTRIES,
  MAX_EXPRESSION_LENGTH,
} from "../../src/cel/limits";
import { MAX_MATCH_FIELD_LENGTH, matchToIf } from "../../src/cel/match-to-if";
import type { CompiledExpression, ExpressionError } from "../../src/cel/types";

type Scope = "event" | "event+async";
const compiled = (source: string, scope?: Scope): CompiledExpression => {
  const r = compileExpression(source, scope);
  if (isLeft(r)) throw new Error(`expected ${source} to compile: ${r.left.message}`);
  return r.right;
};
const failure = (source: string, scope?: Scope): ExpressionError => {
  const r = compileExpression(source, scope);
  if (isRight(r)) throw new Error(`expected ${source} to be rejected`);
  return r.left;
};
/** A valid expression of exactly `length` characters. */
const ofLength = (length: number): string => {
  const head = "event.data.x == '";
  return `${head}${"y".repeat(length - head.length - 1)}'`;
};

describe("the size limit", () => {
  it("rejects an expression over 4096 characters, naming the size and the limit", () => {
    expect(MAX_EXPRESSION_LENGTH).toBe(4096);
    const e = failure(`event.data.x == 1 && ${"(".repeat(1024 * 1024 - 21)}`);
    expect(e.message).toBe("expression is 1048576 characters; the limit is 4096");
    expect(e.position).toBe(4096);
  });

  it("accepts one of exactly 4096 characters, and refuses one more, in every scope", () => {
    for (const scope of ["event", "event+async"] as const) {
      expect(compiled(ofLength(4096), scope).source).toHaveLength(4096);
      expect(failure(ofLength(4097), scope).message).toContain("4097 characters");
    }
  });

  it("is checked before parsing: a valid expression over the limit is refused too", () => {
    expect(failure(ofLength(5000)).message).toBe(
      "expression is 5000 characters; the limit is 4096",
    );
  });

  it("bounds `match` fields so that their rewrite fits", () => {
    const field = `data.${"a".repeat(MAX_MATCH_FIELD_LENGTH - 5)}`;
    const ok = matchToIf(field);
    expect(isRight(ok) && isRight(compileExpression(ok.right))).toBe(true);
    const long = matchToIf(`${field}b`);
    expect(isLeft(long) && long.left.message).toBe(
      `match field is ${MAX_MATCH_FIELD_LENGTH + 1} characters; the limit is ${MAX_MATCH_FIELD_LENGTH}`,
    );
  });
});

describe("the compile cache", () => {
  it("keeps none of 600 rejected 1 MB expressions (the reported growth)", () => {
    const before = expressionCacheStats();
    for (let i = 0; i < 600; i++) {
      const source = `event.data.n == ${i} && ${"(".repeat(1024 * 1024)}`;
      expect(isLeft(compileExpression(source, "event"))).toBe(true);
    }
    expect(expressionCacheStats()).toEqual(before);
  });

  it("never keeps a failure, whatever its size", () => {
    const before = expressionCacheStats();
    for (let i = 0; i < 600; i++) {
      expect(isLeft(compileExpression(`event.data.n == ${i} +`, "event"))).toBe(true);
      expect(isLeft(compileExpression(`${ofLength(4000)} && x${i}`))).toBe(true);
    }
    expect(expressionCacheStats()).toEqual(before);
  });

  it("holds at most CACHE_MAX_ENTRIES expressions", () => {
    for (let i = 0; i <= CACHE_MAX_ENTRIES + 50; i++) compileExpression(`async.data.e == ${i}`);
    expect(expressionCacheStats().entries).toBe(CACHE_MAX_ENTRIES);
  });

  it("holds at most CACHE_MAX_CHARACTERS of source, however large the entries", () => {
    const count = Math.ceil((2 * CACHE_MAX_CHARACTERS) / 4000);
    for (let i = 0; i < count; i++) compiled(`${ofLength(3990)} || event.data.n == ${i}`);
    const { entries, characters } = expressionCacheStats();
    expect(characters).toBeLessThanOrEqual(CACHE_MAX_CHARACTERS);
    expect(entries).toBeLessThan(count);
    // The newest are kept: the last one compiled is a hit.
    const last = `${ofLength(3990)} || event.data.n == ${count - 1}`;
    expect(compileExpression(last)).toBe(compileExpression(last));
  });
});

describe("matches runs on RE2, in linear time", () => {
  const nested = compiled("event.data.s.matches('^(a+)+$')", "event");
  const test = (s: string) => nested.test({ event: { data: { s } } });

  // A backtracking engine needs 2^n steps to fail on n a's then a b: 30 took 20 s in the
  // report, 100,000 would never end. Finishing at all is the proof; no timing is asserted.
  it("answers ^(a+)+$ on 30 and on 100,000 a's followed by b", () => {
    expect(test(`${"a".repeat(30)}b`)).toBe(false);
    expect(test(`${"a".repeat(100_000)}b`)).toBe(false);
    expect(test("a".repeat(100_000))).toBe(true);
  });

  it("keeps CEL's meaning: a match anywhere in the string, RE2 syntax", () => {
    const partial = compiled("async.data.s.matches('b+c')");
    expect(partial.test({ async: { data: { s: "abbcd" } } })).toBe(true);
    expect(partial.test({ async: { data: { s: "acd" } } })).toBe(false);
    const flags = compiled("async.data.s.matches('(?i)^cancel(led)?$')");
    expect(flags.test({ async: { data: { s: "CANCELLED" } } })).toBe(true);
    // A non-string field is an evaluation error, hence no match.
    expect(partial.test({ async: { data: { s: 42 } } })).toBe(false);
  });

  it("rejects what RE2 cannot do in linear time, pointing into the pattern", () => {
    const lookahead = failure("async.data.s.matches('a(?=b)')");
    expect(lookahead.message).toContain("invalid RE2 pattern");
    expect(lookahead.message).toContain("(?=");
    expect(lookahead.position).toBe("async.data.s.matches('a".length);
    const backreference = failure("async.data.s.matches('(a)\\\\1')");
    expect(backreference.message).toContain("no backreferences");
  });

  it("refuses a pattern that is not a literal, or that compiles to a huge program", () => {
    const dynamic = failure("async.data.s.matches(event.data.pattern)");
    expect(dynamic.message).toContain("string literal");
    expect(dynamic.position).toBe("async.data.s.matches(".length);
    const huge = failure("async.data.s.matches('[a-b]{1000}[c-d]{1000}')");
    expect(huge.message).toMatch(/compiles to \d+ RE2 instructions; the limit is 1000/);
  });
});

describe("other constructs that could take super-linear time", () => {
  it("refuses cel.bind and map, which can double a value per use", () => {
    expect(failure("cel.bind(v, event.data.s, v == v)", "event").message).toContain("bind()");
    const map = failure("size(async.data.l.map(x, [x, x])) > 0");
    expect(map.message).toContain("map()");
    expect(map.position).toBe(5);
  });

  it("refuses, inside a comprehension body, work on data from outside the element", () => {
    const product = failure("async.data.a.exists(x, x in async.data.b)");
    expect(product.message).toContain("`async` may only be compared");
    expect(product.position).toBe("async.data.a.exists(x, x in ".length);
    expect(failure("async.data.a.exists(x, event.data.s.contains(x))").message).toContain(
      "`event`",
    );
    expect(failure("async.data.a.all(x, x.b.exists(y, y.contains(x.c)))").message).toContain("`x`");
    // Two outside values compared once per element: the cost of their size, n times.
    const both = failure("async.data.a.exists(x, event.data.s == async.data.t)");
    expect(both.position).toBe("async.data.a.exists(x, event.data.s == ".length);
  });

  it("accepts comparisons with outside data, `in` with it on the left, and has()", () => {
    const vars = {
      event: { data: { tag: "b", sku: "s2" } },
      async: { data: { tags: ["a", "b"], items: [{ skus: ["s1", "s2"] }] } },
    };
    for (const source of [
      "async.data.tags.exists(t, t == event.data.tag)",
      "async.data.items.exists(i, event.data.sku in i.skus)",
      "async.data.items.all(i, has(event.data.sku) && size(i.skus) > 1)",
      "async.data.items.exists(i, i.skus.exists(s, s == event.data.sku))",
      "async.data.tags.filter(t, t > 'a').exists(t, t == event.data.tag)",
      "async.data.tags.exists(t, event.data.tag == 'b' && t == 'b')",
    ]) {
      expect(compiled(source).test(vars), source).toBe(true);
    }
  });

  it("allows two levels of comprehension, not three", () => {
    const three = "async.data.a.all(x, x.all(y, y.all(z, z == 1)))";
    expect(failure(three).message).toContain("nest at most 2 deep");
    expect(failure(three).position).toBe("async.data.a.all(x, x.all(y, ".length);
  });

  it("takes duration() of literals only (cel-js parses it with a backtracking RegExp)", () => {
    expect(failure("duration(event.data.d) > duration('1s')", "event").position).toBe(0);
    expect(compiled("duration('90s') > duration('1m')", "event").test({})).toBe(true);
  });
});
