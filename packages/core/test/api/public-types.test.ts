import { readdirSync } from "node:fs";
import { join, relative } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

// Every type a package's public functions take or return is exported from some package's
// index, so a user can name it (`import type { RunsPage } from "@quell/engine"`) instead of
// writing `Awaited<ReturnType<Engine["listRuns"]>>`.

const packagesDir = join(import.meta.dirname, "../../..");
const indexes = readdirSync(packagesDir)
  .map((name) => join(packagesDir, name, "src/index.ts"))
  .filter((path) => ts.sys.fileExists(path));

const program = ts.createProgram(indexes, {
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  strict: true,
  exactOptionalPropertyTypes: true,
  skipLibCheck: true,
  noEmit: true,
  types: ["node"],
});
const checker = program.getTypeChecker();

const isOurs = (declaration: ts.Declaration): boolean =>
  /\/packages\/[^/]+\/src\//.test(declaration.getSourceFile().fileName);

const resolve = (symbol: ts.Symbol): ts.Symbol =>
  symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;

/** Every declaration some package's index exports, by package. */
const exported = new Map<string, ts.Symbol[]>();
for (const index of indexes) {
  const source = program.getSourceFile(index);
  const module = source === undefined ? undefined : checker.getSymbolAtLocation(source);
  if (module === undefined) continue;
  exported.set(relative(packagesDir, index), checker.getExportsOfModule(module).map(resolve));
}
const public_ = new Set([...exported.values()].flat());

/** Named types of this package family that a type mentions, through unions, generics and members. */
const namedTypesIn = (roots: readonly ts.Type[], depth: number): ts.Symbol[] => {
  const found = new Set<ts.Symbol>();
  const seen = new Set<ts.Type>();
  const visit = (type: ts.Type, level: number): void => {
    if (seen.has(type) || level > depth || type.flags & ts.TypeFlags.TypeParameter) return;
    seen.add(type);
    const symbol = type.aliasSymbol ?? type.getSymbol();
    // A type users would name: an interface, a type alias, a class or an enum (a method's or an
    // object literal's type is looked into instead).
    const nameable =
      ts.SymbolFlags.Interface |
      ts.SymbolFlags.TypeAlias |
      ts.SymbolFlags.Class |
      ts.SymbolFlags.Enum;
    const named = symbol !== undefined && symbol.flags & nameable ? symbol : undefined;
    const declaration = named?.declarations?.[0];
    const anonymous = named === undefined;
    if (named !== undefined && !anonymous && declaration !== undefined && isOurs(declaration)) {
      found.add(named);
      return;
    }
    if (named !== undefined && !anonymous) return; // a library's type (io-ts, Promise, ...)
    if (type.isUnionOrIntersection()) for (const t of type.types) visit(t, level);
    for (const arg of checker.getTypeArguments(type as ts.TypeReference) ?? []) visit(arg, level);
    for (const signature of type.getCallSignatures()) visitSignature(signature, level + 1);
    for (const property of type.getProperties()) {
      const at = property.valueDeclaration ?? property.declarations?.[0];
      if (at !== undefined) visit(checker.getTypeOfSymbolAtLocation(property, at), level + 1);
    }
  };
  const visitSignature = (signature: ts.Signature, level: number): void => {
    for (const parameter of signature.getParameters()) {
      const at = parameter.valueDeclaration ?? parameter.declarations?.[0];
      if (at !== undefined) visit(checker.getTypeOfSymbolAtLocation(parameter, at), level);
    }
    visit(checker.getAwaitedType(signature.getReturnType()) ?? signature.getReturnType(), level);
  };
  for (const root of roots) visit(root, 0);
  return [...found];
};

/** The types a public function, class or interface of a package takes or returns. */
const mentionedBy = (symbol: ts.Symbol): ts.Symbol[] => {
  const declaration = symbol.valueDeclaration ?? symbol.declarations?.[0];
  if (declaration === undefined) return [];
  const functionLike =
    ts.isFunctionDeclaration(declaration) ||
    (ts.isVariableDeclaration(declaration) &&
      declaration.initializer !== undefined &&
      (ts.isArrowFunction(declaration.initializer) ||
        ts.isFunctionExpression(declaration.initializer)));
  if (functionLike) {
    const type = checker.getTypeOfSymbolAtLocation(symbol, declaration);
    return type.getCallSignatures().flatMap((signature) => {
      const parameters = signature.getParameters().map((p) => {
        const at = p.valueDeclaration ?? p.declarations?.[0];
        return at === undefined ? undefined : checker.getTypeOfSymbolAtLocation(p, at);
      });
      const result = signature.getReturnType();
      const types = [...parameters, checker.getAwaitedType(result) ?? result];
      return namedTypesIn(
        types.filter((t): t is ts.Type => t !== undefined),
        2,
      );
    });
  }
  if (ts.isInterfaceDeclaration(declaration)) {
    // An interface of operations (Engine, Store, Simulation): what its methods take and return,
    // and the types of its fields.
    const members = checker.getDeclaredTypeOfSymbol(symbol).getProperties();
    return namedTypesIn(
      members.flatMap((member) => {
        const at = member.valueDeclaration ?? member.declarations?.[0];
        return at === undefined ? [] : [checker.getTypeOfSymbolAtLocation(member, at)];
      }),
      2,
    );
  }
  return [];
};

describe("public types", () => {
  it("finds every package's index and what it exports", () => {
    expect([...exported.keys()].sort()).toEqual(
      expect.arrayContaining(["core/src/index.ts", "engine/src/index.ts", "http/src/index.ts"]),
    );
    expect(exported.get("core/src/index.ts")?.length).toBeGreaterThan(100);
  });

  it("sees through methods, promises and unions to the named types (the check can fail)", () => {
    const engine = exported.get("engine/src/index.ts")?.find((s) => s.name === "Engine");
    const names = engine === undefined ? [] : mentionedBy(engine).map((s) => s.name);
    expect(names).toEqual(expect.arrayContaining(["RunsPage", "ListRunsQuery", "ReplayFilter"]));
  });

  it("every type a public function or interface takes or returns is exported", () => {
    const missing: string[] = [];
    for (const [index, symbols] of exported) {
      for (const symbol of symbols) {
        for (const named of mentionedBy(symbol)) {
          if (public_.has(resolve(named))) continue;
          const file = relative(
            packagesDir,
            named.declarations?.[0]?.getSourceFile().fileName ?? "",
          );
          missing.push(`${index}: ${symbol.name} mentions ${named.name} (${file})`);
        }
      }
    }
    expect([...new Set(missing)].sort()).toEqual([]);
  });
});
