import { isRight } from "fp-ts/lib/Either.js";
import { describe, expect, it } from "vitest";
import { compileExpression } from "../../src/cel/compile-expression";
import { encodeValue } from "../../src/cel/encode";
import { eventIndexKey, listenerIndex, NEVER_KEY } from "../../src/cel/index-key";
import type { CompiledExpression } from "../../src/cel/types";

const compiled = (source: string): CompiledExpression => {
  const r = compileExpression(source);
  if (!isRight(r)) throw new Error(`expected ${source} to compile`);
  return r.right;
};

describe("equality extraction (SPEC R7)", () => {
  it("takes event paths and literals on either side of ==, through any && nesting", () => {
    const expr = compiled(
      "event.data.id == async.data.id && (async.data.x == 'lit' && (3 == async.data.n && async.data.a.b.c == -2.5))",
    );
    expect(expr.equalities).toEqual([
      { asyncPath: ["data", "id"], other: { kind: "event", path: ["data", "id"] } },
      { asyncPath: ["data", "x"], other: { kind: "literal", value: "lit" } },
      { asyncPath: ["data", "n"], other: { kind: "literal", value: 3 } },
      { asyncPath: ["data", "a", "b", "c"], other: { kind: "literal", value: -2.5 } },
    ]);
  });

  it("takes null, bool and double literals", () => {
    expect(
      compiled("async.data.a == null && async.data.b == true && async.data.c == 3.0").equalities,
    ).toEqual([
      { asyncPath: ["data", "a"], other: { kind: "literal", value: null } },
      { asyncPath: ["data", "b"], other: { kind: "literal", value: true } },
      { asyncPath: ["data", "c"], other: { kind: "literal", value: 3 } },
    ]);
  });

  it.each([
    "event.data.id == async.data.id || async.data.x == 1",
    "!(event.data.id == async.data.id)",
    "event.data.id != async.data.id",
    "async.data.a == async.data.b",
    "event.data.a == event.data.b",
    "async.data.n == 3u",
    "async.data.n == 9007199254740993",
    "async['data'].id == event.data.id",
    "async.data.n > 3",
    "async == event",
  ])("finds no usable equality in %s", (source) => {
    expect(compiled(source).equalities).toEqual([]);
    expect(listenerIndex(compiled(source), { data: { id: 1 } })).toBeNull();
  });

  it("keeps the usable conjuncts of a chain that also has unusable ones", () => {
    const expr = compiled("async.data.n > 3 && async.data.id == event.data.id");
    expect(expr.equalities.map((e) => e.asyncPath)).toEqual([["data", "id"]]);
  });
});

describe("listenerIndex and eventIndexKey", () => {
  const expr = compiled("async.data.n == 3 && event.data.importId == async.data.importId");
  const trigger = { name: "contacts/import.requested", data: { importId: "imp_1" } };

  it("files the listener under the sorted async paths, with values in that order", () => {
    const index = listenerIndex(expr, trigger);
    expect(index?.signature).toBe("data.importId|data.n");
    expect(index?.key).toBe(
      eventIndexKey("data.importId|data.n", { data: { importId: "imp_1", n: 3 } }),
    );
  });

  it("gives a matching incoming event the listener's key, and others a different one", () => {
    const index = listenerIndex(expr, trigger);
    if (index === null) throw new Error("expected an index");
    const matching = { name: "contacts/import.cancelled", data: { importId: "imp_1", n: 3 } };
    expect(expr.test({ event: trigger, async: matching })).toBe(true);
    expect(eventIndexKey(index.signature, matching)).toBe(index.key);
    expect(eventIndexKey(index.signature, { data: { importId: "imp_2", n: 3 } })).not.toBe(
      index.key,
    );
    expect(eventIndexKey(index.signature, { data: { importId: "imp_1", n: "3" } })).not.toBe(
      index.key,
    );
  });

  it("returns null for an incoming event missing an indexed path", () => {
    expect(eventIndexKey("data.importId|data.n", { data: { importId: "imp_1" } })).toBeNull();
    expect(eventIndexKey("data.importId", null)).toBeNull();
  });

  it("returns the NEVER key when the trigger lacks an event path the expression needs", () => {
    const index = listenerIndex(expr, { data: {} });
    expect(index).toEqual({ signature: "data.importId|data.n", key: NEVER_KEY });
  });

  it("uses one equality per async path when a path is constrained twice", () => {
    const twice = compiled("async.data.id == event.data.id && async.data.id == 'x'");
    expect(listenerIndex(twice, { data: { id: "x" } })).toEqual({
      signature: "data.id",
      key: eventIndexKey("data.id", { data: { id: "x" } }),
    });
  });

  it("never produces NEVER_KEY for an incoming event, whatever its strings hold", () => {
    expect(eventIndexKey("data.id", { data: { id: NEVER_KEY } })).not.toBe(NEVER_KEY);
    expect(eventIndexKey("data.id", { data: { id: "never" } })).not.toBe(NEVER_KEY);
  });
});

describe("encodeValue", () => {
  it('encodes 3, 3n and 3.0 alike, and the string "3" differently', () => {
    expect(encodeValue(3)).toBe(encodeValue(3n));
    expect(encodeValue(3.0)).toBe(encodeValue(3n));
    expect(encodeValue("3")).not.toBe(encodeValue(3));
  });

  it("writes large integer doubles exactly, so they agree with BigInt", () => {
    expect(encodeValue(1e21)).toBe(encodeValue(10n ** 21n));
    expect(encodeValue(2 ** 53)).not.toBe(encodeValue(2n ** 53n + 1n));
  });

  it("encodes -0 as 0 and ignores object key order, like CEL equality", () => {
    expect(encodeValue(-0)).toBe(encodeValue(0));
    expect(encodeValue({ a: 1, b: [1, "x"] })).toBe(encodeValue({ b: [1, "x"], a: 1 }));
    expect(encodeValue(new Map([["a", 1]]))).toBe(encodeValue({ a: 1 }));
  });

  it("distinguishes null, booleans, strings and numbers", () => {
    const values = [null, true, false, "true", "null", 1, "1", 1.5, "1.5", [], {}, "[]"];
    expect(new Set(values.map(encodeValue)).size).toBe(values.length);
  });
});
