import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { type QuellFunction, withFailureFunctions } from "@quell/core";
import { importFile } from "./import-file";

// Recognised by shape, not `instanceof`: the file imports the project's copy of @quell/core,
// which need not be the copy this package loads (a global `quell`, another version).
const isFunction = (value: unknown): value is QuellFunction => {
  if (typeof value !== "object" || value === null) return false;
  const fn = value as Partial<QuellFunction>;
  return (
    typeof fn.slug === "string" &&
    typeof fn.appId === "string" &&
    typeof fn.handler === "function" &&
    Array.isArray(fn.triggers)
  );
};

/**
 * Every Quell function a module exports: named exports, and arrays of functions (such as a
 * default-exported `[fnA, fnB]`), each followed by its `onFailure` function if it has one. A TypeScript file loads through tsx, when the project has it,
 * or Node's type stripping; otherwise the error says to install tsx.
 * Throws when the file is missing, exports none, or two exports share a slug.
 *
 * @example
 * const functions = await loadFunctions("./src/functions.ts");
 */
export const loadFunctions = async (file: string): Promise<QuellFunction[]> => {
  const path = resolve(file);
  if (!existsSync(path)) throw new Error(`functions file not found: ${path}`);
  const module = await importFile(path);
  const found = new Set<QuellFunction>();
  for (const value of Object.values(module)) {
    if (isFunction(value)) found.add(value);
    else if (Array.isArray(value)) for (const item of value) if (isFunction(item)) found.add(item);
  }
  if (found.size === 0) {
    throw new Error(
      `${file} exports no Quell functions: export each quell.createFunction(...) or a default array of them`,
    );
  }
  const bySlug = new Map<string, QuellFunction>();
  for (const fn of withFailureFunctions(found)) {
    if (bySlug.has(fn.slug)) throw new Error(`${file}: two functions have the slug ${fn.slug}`);
    bySlug.set(fn.slug, fn);
  }
  return [...bySlug.values()];
};
