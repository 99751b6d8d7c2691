// The rule index of docs/architecture.md (SPEC rule → the function that decides it → its tests)
// must keep pointing at code that exists: a moved file, a renamed export or a renamed test fails
// here, so the index moves with the code.
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { exportedNames, ruleIndex, staleReferences } from "./rule-index";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const page = readFileSync(`${ROOT}docs/architecture.md`, "utf8");
const rows = ruleIndex(page);

const SPEC_RULES = [
  ...Array.from({ length: 10 }, (_, i) => `R${i + 1}`),
  "§4.3",
  "§4.4",
  "§4.5",
  "§4.6",
  ...Array.from({ length: 10 }, (_, i) => `§7.${i + 1}`),
  // Rules of sources added after the first index, one row each.
  "§4.1 timeouts",
  "§2 rescheduleRun",
];

describe("the rule index of docs/architecture.md", () => {
  it("has one row per SPEC rule (R1–R10, §4.3–4.6, §7.1–7.10, then the later sources)", () => {
    expect(rows.map((row) => row.rule)).toEqual(SPEC_RULES);
  });

  it("names a deciding function and a test file for every rule that is built", () => {
    for (const row of rows) {
      if (row.decidedBy.length === 0) {
        expect(row.tests, `${row.rule} is not built, so nothing tests it`).toEqual([]);
        continue;
      }
      expect(
        row.decidedBy.some((ref) => ref.names.length > 0),
        row.rule,
      ).toBe(true);
      expect(row.tests.length, row.rule).toBeGreaterThan(0);
    }
  });

  it("points only at files that exist, names they export and tests they contain", () => {
    expect(staleReferences(rows, ROOT)).toEqual([]);
  });

  it("names only repository paths that exist, in the rest of the page too", () => {
    const paths = [...page.matchAll(/`((?:packages|scripts|docs)\/[^`\s]+)`/g)].map((m) => m[1]);
    expect(paths.length).toBeGreaterThan(50);
    expect(paths.filter((path) => !existsSync(`${ROOT}${path}`))).toEqual([]);
  });
});

describe("the index check itself", () => {
  const table = (decided: string, tests: string) =>
    ruleIndex(
      `## Rule index\n\n| rule | what | decided by | tests |\n|---|---|---|---|\n| R1 | x | ${decided} | ${tests} |\n`,
    );

  it("reads files, their exports (not the code spans of a note) and quoted test names", () => {
    const [row] = table(
      "`packages/core/src/reducer/create-run.ts` `newRun` `runContext` (its `listeners`); `packages/core/src/store/port.ts` `Store`",
      '`packages/engine/test/rules/r1-listeners-at-creation.test.ts` "R1: one listener per cancelOn entry, each able to cancel on its own"',
    );
    expect(row?.decidedBy).toEqual([
      { path: "packages/core/src/reducer/create-run.ts", names: ["newRun", "runContext"] },
      { path: "packages/core/src/store/port.ts", names: ["Store"] },
    ]);
    expect(staleReferences(row === undefined ? [] : [row], ROOT)).toEqual([]);
  });

  it("reports a missing file, an export that is gone and a test that was renamed", () => {
    const rows = table(
      "`packages/core/src/reducer/moved-away.ts` `newRun`; `packages/core/src/reducer/create-run.ts` `createRun`",
      '`packages/engine/test/rules/r1-listeners-at-creation.test.ts` "R1: a test that does not exist"',
    );
    expect(staleReferences(rows, ROOT)).toEqual([
      "R1: packages/core/src/reducer/moved-away.ts does not exist",
      "R1: packages/core/src/reducer/create-run.ts does not export createRun",
      'R1: packages/engine/test/rules/r1-listeners-at-creation.test.ts has no test "R1: a test that does not exist"',
    ]);
  });

  it("finds every kind of export, and only exports", () => {
    const names = exportedNames(
      [
        "export const a = 1, b = 2;",
        "export function c() {}",
        "export class D {}",
        "export interface E {}",
        "export type F = 1;",
        "export { g, h as i } from './x';",
        "export type { J } from './y';",
        "const hidden = 1;",
        "function alsoHidden() {}",
      ].join("\n"),
    );
    expect([...names].sort()).toEqual(["D", "E", "F", "J", "a", "b", "c", "g", "i"]);
  });
});
