import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";

const TYPESCRIPT = /\.[cm]?tsx?$/;

type TsxApi = { readonly register: () => unknown };

const isCode = (error: unknown, code: string): boolean =>
  typeof error === "object" && error !== null && (error as { code?: unknown }).code === code;

/**
 * The ESM build of tsx's loader API in the project of `file` (a global `quell`, a project's
 * tsx). Resolved through tsx's package.json: `createRequire` would pick the CommonJS build, and
 * Node 20's `import.meta.resolve` takes no parent without a flag.
 */
const projectTsx = (file: string): string | null => {
  let manifest: string;
  try {
    manifest = createRequire(file).resolve("tsx/package.json");
  } catch {
    return null;
  }
  const { exports } = JSON.parse(readFileSync(manifest, "utf8")) as {
    exports?: { "./esm/api"?: { import?: { default?: unknown } } };
  };
  const entry = exports?.["./esm/api"]?.import?.default;
  return typeof entry === "string" ? pathToFileURL(join(dirname(manifest), entry)).href : null;
};

/**
 * tsx's loader API: as this package resolves it (installed beside `quell`, the usual case),
 * else from the functions file's project. Null when neither has it.
 */
const findTsx = async (file: string): Promise<TsxApi | null> => {
  try {
    return (await import("tsx/esm/api")) as TsxApi;
  } catch (error) {
    if (!isCode(error, "ERR_MODULE_NOT_FOUND")) throw error;
  }
  const entry = projectTsx(file);
  return entry === null ? null : ((await import(entry)) as TsxApi);
};

/** Node's own type stripping (22.6+ with a flag, on by default from 22.18 and 23.6). */
const nodeStripsTypes = (): boolean =>
  Boolean((process.features as { readonly typescript?: unknown }).typescript);

let typescriptLoader: Promise<void> | undefined;

/**
 * Makes `import()` of TypeScript work, once per process: tsx when the project (or this
 * package) has it, since it also handles what type stripping refuses (extensionless relative
 * imports, enums); otherwise Node's type stripping where this Node has it. It must happen
 * before the first import of the file: Node remembers a failed import of a URL.
 */
const enableTypeScript = (file: string): Promise<void> => {
  typescriptLoader ??= findTsx(file).then((tsx) => {
    if (tsx !== null) {
      tsx.register();
      return;
    }
    if (nodeStripsTypes()) return;
    typescriptLoader = undefined;
    throw new Error(
      `${file} is TypeScript, which Node ${process.version} does not load by itself: ` +
        "install tsx in your project (npm i -D tsx), or write the functions file in JavaScript (.js, .mjs)",
    );
  });
  return typescriptLoader;
};

/**
 * Imports a module by path; a TypeScript file (`.ts`, `.mts`, `.cts`, `.tsx`) through tsx or
 * Node's type stripping (see {@link enableTypeScript}).
 */
export const importFile = async (path: string): Promise<Record<string, unknown>> => {
  if (TYPESCRIPT.test(path)) await enableTypeScript(path);
  return (await import(pathToFileURL(path).href)) as Record<string, unknown>;
};
