import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { marked, type Tokens } from "marked";
import ts from "typescript";

/** One row of the rule index: a SPEC rule, where it is decided, and what tests it. */
export interface RuleRow {
  readonly rule: string;
  /** Files and the names they must export (`decided by`); empty for a rule not built. */
  readonly decidedBy: readonly { readonly path: string; readonly names: readonly string[] }[];
  /** Test files and the test names they must contain. */
  readonly tests: readonly { readonly path: string; readonly names: readonly string[] }[];
}

type Reference = { path: string; names: string[] };

// A cell's inline content, in order: `code`, "quoted text", or anything else.
const PIECES = /`([^`]+)`|"([^"]+)"|([^`"]+)/g;
// A file path: folders, then a name with an extension (not `inngest/`, not `a/b`).
const FILE = /^[\w.-]+(?:\/[\w.-]+)+\.\w+$/;

/**
 * The references of one cell: a code span that is a file path names a file; the code spans
 * right after it (only blanks between) name its exports, and a quoted text after it names one
 * of its tests. Other words end the list, so "(its `createRun`)" is a note, not a claim.
 */
const referencesIn = (cell: string, quotedAreNames: boolean): Reference[] => {
  const refs: Reference[] = [];
  let listing = false;
  for (const [, code, quoted, other] of cell.matchAll(PIECES)) {
    const current = refs[refs.length - 1];
    if (code !== undefined && FILE.test(code)) {
      refs.push({ path: code, names: [] });
      listing = true;
    } else if (code !== undefined && listing && current !== undefined && !quotedAreNames) {
      current.names.push(code);
    } else if (quoted !== undefined && quotedAreNames && current !== undefined) {
      current.names.push(quoted);
    } else if (other !== undefined && other.trim() !== "") {
      listing = false;
    }
  }
  return refs;
};

/** The table under the heading `## <heading>` of a markdown text, as rows. */
export const ruleIndex = (markdown: string, heading = "Rule index"): RuleRow[] => {
  const tokens = marked.lexer(markdown);
  const at = tokens.findIndex((t) => t.type === "heading" && t.text === heading);
  if (at < 0) throw new Error(`no heading "${heading}"`);
  const table = tokens.slice(at + 1).find((t): t is Tokens.Table => t.type === "table");
  if (table === undefined) throw new Error(`no table under "${heading}"`);
  const columns = table.header.map((cell) => cell.text);
  const column = (name: string): number => {
    const index = columns.indexOf(name);
    if (index < 0) throw new Error(`the rule index has no column "${name}"`);
    return index;
  };
  const [rule, decided, tested] = [column("rule"), column("decided by"), column("tests")];
  return table.rows.map((row) => ({
    rule: row[rule]?.text ?? "",
    decidedBy: referencesIn(row[decided]?.text ?? "", false),
    tests: referencesIn(row[tested]?.text ?? "", true),
  }));
};

/** Names a TypeScript module exports: declarations marked `export` and `export { … }` lists. */
export const exportedNames = (source: string): Set<string> => {
  const file = ts.createSourceFile("module.ts", source, ts.ScriptTarget.Latest, false);
  const names = new Set<string>();
  for (const statement of file.statements) {
    if (ts.isExportDeclaration(statement)) {
      const clause = statement.exportClause;
      if (clause !== undefined && ts.isNamedExports(clause)) {
        for (const element of clause.elements) names.add(element.name.text);
      }
      continue;
    }
    const exported = ts.canHaveModifiers(statement)
      ? ts.getModifiers(statement)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword)
      : false;
    if (exported !== true) continue;
    if (ts.isVariableStatement(statement)) {
      for (const declaration of statement.declarationList.declarations) {
        if (ts.isIdentifier(declaration.name)) names.add(declaration.name.text);
      }
    } else if (
      (ts.isFunctionDeclaration(statement) ||
        ts.isClassDeclaration(statement) ||
        ts.isInterfaceDeclaration(statement) ||
        ts.isTypeAliasDeclaration(statement) ||
        ts.isEnumDeclaration(statement)) &&
      statement.name !== undefined
    ) {
      names.add(statement.name.text);
    }
  }
  return names;
};

/** What no longer holds in the index, one line each: missing files, exports and test names. */
export const staleReferences = (rows: readonly RuleRow[], root: string): string[] => {
  const problems: string[] = [];
  const read = (rule: string, path: string): string | null => {
    const full = join(root, path);
    if (existsSync(full)) return readFileSync(full, "utf8");
    problems.push(`${rule}: ${path} does not exist`);
    return null;
  };
  for (const row of rows) {
    for (const { path, names } of row.decidedBy) {
      const source = read(row.rule, path);
      if (source === null) continue;
      const exported = exportedNames(source);
      for (const name of names) {
        if (!exported.has(name)) problems.push(`${row.rule}: ${path} does not export ${name}`);
      }
    }
    for (const { path, names } of row.tests) {
      const source = read(row.rule, path);
      for (const name of names) {
        if (source !== null && !source.includes(name)) {
          problems.push(`${row.rule}: ${path} has no test "${name}"`);
        }
      }
    }
  }
  return problems;
};
