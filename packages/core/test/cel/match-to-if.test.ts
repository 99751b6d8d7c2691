import { isRight } from "fp-ts/lib/Either.js";
import { describe, expect, it } from "vitest";
import { compileExpression } from "../../src/cel/compile-expression";
import { matchToIf } from "../../src/cel/match-to-if";

describe("matchToIf (SPEC R2)", () => {
  it("rewrites a field to an equality between the trigger and the incoming event", () => {
    expect(matchToIf("data.importId")).toEqual({
      _tag: "Right",
      right: "event.data.importId == async.data.importId",
    });
  });

  it("produces an expression that matches equal fields and nothing else", () => {
    const rewritten = matchToIf("data.user.id");
    if (!isRight(rewritten)) throw new Error("expected a rewrite");
    const compiled = compileExpression(rewritten.right);
    if (!isRight(compiled)) throw new Error("expected the rewrite to compile");
    const run = { data: { user: { id: 7 } } };
    expect(compiled.right.test({ event: run, async: { data: { user: { id: 7 } } } })).toBe(true);
    expect(compiled.right.test({ event: run, async: { data: { user: { id: 8 } } } })).toBe(false);
    expect(compiled.right.test({ event: run, async: { data: {} } })).toBe(false);
    expect(compiled.right.equalities).toEqual([
      { asyncPath: ["data", "user", "id"], other: { kind: "event", path: ["data", "user", "id"] } },
    ]);
  });

  it.each([
    ["", 0, "must name a field"],
    ["data..id", 5, "Empty path segment"],
    [".data", 0, "Empty path segment"],
    ["data.", 5, "Empty path segment"],
    ["data.user-id", 9, "Unexpected character '-'"],
    ["data.1st", 5, "Unexpected character '1'"],
    ["data.x == 1", 6, "Unexpected character ' '"],
    ["data.in", 5, "reserved word"],
  ])("rejects %j at position %i", (field, position, message) => {
    const result = matchToIf(field);
    expect(result._tag).toBe("Left");
    if (result._tag === "Left") {
      expect(result.left).toMatchObject({ _tag: "ExpressionError", source: field, position });
      expect(result.left.message).toContain(message);
    }
  });
});
