import fc from "fast-check";
import { isRight } from "fp-ts/lib/Either.js";
import { describe, expect, it } from "vitest";
import { compileExpression } from "../../src/cel/compile-expression";
import { eventIndexKey, listenerIndex, NEVER_KEY } from "../../src/cel/index-key";

// Property (SPEC R7): whenever an indexed expression matches, the incoming event's key under the
// listener's signature equals the listener's key, so looking up by key never loses a match.

type Conjunct =
  | { kind: "pair"; asyncPath: string[]; eventPath: string[]; flipped: boolean }
  | { kind: "literal"; asyncPath: string[]; text: string; value: unknown; flipped: boolean }
  | { kind: "other"; text: string };

const segment = fc.constantFrom("a", "b", "id", "n");
const path = fc.array(segment, { minLength: 1, maxLength: 3 }).map((p) => ["data", ...p]);

const scalar = fc.oneof(
  fc.integer({ min: -3, max: 3 }),
  fc.constantFrom(0, -0, 2.5, 1e21, 2 ** 53, 2 ** 53 + 2),
  fc.double({ noNaN: false }),
  fc.bigInt({ min: -3n, max: 3n }),
  fc.constantFrom("", "x", "3", "1", "true", "null"),
  fc.boolean(),
  fc.constant(null),
);
const value: fc.Arbitrary<unknown> = fc.letrec<{ v: unknown }>((tie) => ({
  v: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    scalar,
    fc.array(tie("v"), { maxLength: 3 }),
    fc.dictionary(segment, tie("v"), { maxKeys: 3 }),
  ),
})).v;

const literal = fc.oneof(
  fc.integer({ min: -3, max: 3 }).map((n) => ({ text: `${n}`, value: n as unknown })),
  fc.constantFrom(
    { text: "3.0", value: 3 },
    { text: "2.5", value: 2.5 },
    { text: "-0.0", value: -0 },
    { text: "'x'", value: "x" },
    { text: "'3'", value: "3" },
    { text: "true", value: true },
    { text: "null", value: null },
  ),
);

const conjunct: fc.Arbitrary<Conjunct> = fc.oneof(
  fc.record({
    kind: fc.constant("pair" as const),
    asyncPath: path,
    eventPath: path,
    flipped: fc.boolean(),
  }),
  fc
    .tuple(path, literal, fc.boolean())
    .map(([asyncPath, l, flipped]) => ({ kind: "literal" as const, asyncPath, ...l, flipped })),
  fc.constantFrom<Conjunct>(
    { kind: "other", text: "has(async.data.a)" },
    { kind: "other", text: "async.data.n != 1" },
    { kind: "other", text: "(async.data.a == 1 || true)" },
  ),
);

const render = (c: Conjunct): string => {
  if (c.kind === "other") return c.text;
  const a = `async.${c.asyncPath.join(".")}`;
  const o = c.kind === "pair" ? `event.${c.eventPath.join(".")}` : c.text;
  return c.flipped ? `${o} == ${a}` : `${a} == ${o}`;
};

/** Joins conjuncts with && under a random bracketing (the extraction must see through it). */
const join = (parts: string[], splits: number[]): string => {
  if (parts.length === 1) return parts[0] as string;
  const at = 1 + ((splits[0] ?? 0) % (parts.length - 1));
  const rest = splits.slice(1);
  return `(${join(parts.slice(0, at), rest)}) && (${join(parts.slice(at), rest)})`;
};

const read = (root: unknown, p: readonly string[]): unknown =>
  p.reduce<unknown>(
    (v, k) => (typeof v === "object" && v !== null ? (v as Record<string, unknown>)[k] : undefined),
    root,
  );

const write = (root: Record<string, unknown>, p: readonly string[], v: unknown): void => {
  let node = root;
  for (const k of p.slice(0, -1)) {
    const next = node[k];
    if (typeof next === "object" && next !== null && !Array.isArray(next)) {
      node = next as Record<string, unknown>;
    } else {
      const fresh: Record<string, unknown> = {};
      node[k] = fresh;
      node = fresh;
    }
  }
  node[p[p.length - 1] as string] = v;
};

/** The same value for CEL's `==`, represented differently: BigInt for ints, keys reordered. */
const lookalike = (v: unknown): unknown => {
  if (typeof v === "number" && Number.isSafeInteger(v)) return BigInt(v);
  if (Array.isArray(v)) return v.map(lookalike);
  if (typeof v === "object" && v !== null) {
    return Object.fromEntries(
      Object.entries(v)
        .reverse()
        .map(([k, x]) => [k, lookalike(x)]),
    );
  }
  return v;
};

describe("index keys never lose a match (property)", () => {
  it("eventIndexKey(signature, async) === listenerIndex(expr, event).key whenever test is true", () => {
    let matched = 0;
    const runs = 3000;
    fc.assert(
      fc.property(
        fc.array(conjunct, { minLength: 1, maxLength: 4 }),
        fc.array(fc.nat(), { maxLength: 4 }),
        fc.dictionary(segment, value, { maxKeys: 4 }),
        fc.array(fc.constantFrom("same", "lookalike", "random"), { minLength: 4, maxLength: 4 }),
        fc.array(value, { minLength: 4, maxLength: 4 }),
        (conjuncts, splits, eventData, choices, randoms) => {
          const source = join(conjuncts.map(render), splits);
          const compiled = compileExpression(source);
          if (!isRight(compiled)) throw new Error(`did not compile: ${source}`);
          const expr = compiled.right;
          const event = { name: "run/started", data: eventData };
          const async: Record<string, unknown> = { name: "run/cancel", data: {} };
          conjuncts.forEach((c, i) => {
            if (c.kind === "other") return;
            const target = c.kind === "pair" ? read(event, c.eventPath) : c.value;
            const choice = choices[i] ?? "same";
            // A copy: writing the event's own object into `async` would let a later conjunct's
            // write go through it into the event, and make a cycle no JSON event can have.
            const v =
              choice === "same"
                ? structuredClone(target)
                : choice === "lookalike"
                  ? lookalike(target)
                  : randoms[i];
            if (v !== undefined) write(async, c.asyncPath, v);
          });
          if (!expr.test({ event, async })) return;
          matched++;
          const index = listenerIndex(expr, event);
          // A match with no equality would need per-candidate evaluation; with one, a key.
          if (expr.equalities.length === 0) {
            expect(index).toBeNull();
            return;
          }
          expect(index).not.toBeNull();
          expect(index?.key).not.toBe(NEVER_KEY);
          expect(eventIndexKey(index?.signature ?? "", async)).toBe(index?.key);
        },
      ),
      { numRuns: runs },
    );
    // Guard against a vacuous property: a good share of the generated cases must match.
    expect(matched).toBeGreaterThan(runs / 10);
  });

  it('holds for arbitrary JSON compared whole (match: "data.v")', () => {
    const compiled = compileExpression("event.data.v == async.data.v");
    if (!isRight(compiled)) throw new Error("did not compile");
    const expr = compiled.right;
    fc.assert(
      fc.property(fc.jsonValue(), fc.boolean(), (v, reorder) => {
        const event = { data: { v } };
        const async = { data: { v: reorder ? lookalike(v) : JSON.parse(JSON.stringify(v)) } };
        const index = listenerIndex(expr, event);
        if (expr.test({ event, async })) expect(eventIndexKey("data.v", async)).toBe(index?.key);
      }),
      { numRuns: 1000 },
    );
  });
});
