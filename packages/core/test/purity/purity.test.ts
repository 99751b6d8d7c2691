import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";

const root = join(import.meta.dirname, "../../src");

const sourceFiles = (dir: string): string[] =>
  readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : path.endsWith(".ts") ? [path] : [];
  });

// The core decides; it never reads the clock, draws randomness or performs I/O (SPEC §8).
const forbidden: readonly [string, RegExp][] = [
  ["Date.now", /Date\.now\s*\(/],
  ["new Date() without an argument", /new Date\(\s*\)/],
  ["Math.random", /Math\.random\s*\(/],
  ["setTimeout", /\bsetTimeout\s*\(/],
  ["setInterval", /\bsetInterval\s*\(/],
  ["setImmediate", /\bsetImmediate\s*\(/],
  ["performance.now", /performance\.now\s*\(/],
  ["process", /\bprocess\./],
  ["console", /\bconsole\./],
  ["fetch", /\bfetch\s*\(/],
  ["node: imports", /from\s+["']node:/],
  [
    "Node built-in imports",
    /from\s+["'](fs|path|os|crypto|net|http|child_process|worker_threads)["']/,
  ],
  ["I/O libraries", /from\s+["'](ioredis|redis|pg|undici)["']/],
];

describe("the core is pure", () => {
  const files = sourceFiles(root);

  it("has sources to scan", () => {
    expect(files.length).toBeGreaterThan(20);
  });

  for (const [what, pattern] of forbidden) {
    it(`never uses ${what}`, () => {
      const offenders = files
        .filter((file) => pattern.test(readFileSync(file, "utf8")))
        .map((f) => relative(root, f));
      expect(offenders).toEqual([]);
    });
  }

  it("compiles without DOM or Node types", () => {
    const tsconfig = JSON.parse(readFileSync(join(root, "../tsconfig.json"), "utf8")) as {
      compilerOptions: { lib: string[]; types: string[] };
    };
    expect(tsconfig.compilerOptions.lib).toEqual(["ES2022"]);
    expect(tsconfig.compilerOptions.types).toEqual([]);
  });
});
