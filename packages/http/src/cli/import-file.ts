import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";

const TYPESCRIPT = /\.[cm]?tsx?$/;

type TsxApi = { readonly register: () => unknown };

/**
 * tsx's loader API, found from the functions file's folder first (the user's project, even
 * when `quell` is installed elsewhere) and then from this package. Null when neither has it.
 */
const findTsx = async (file: string): Promise<TsxApi | null> => {
  for (const from of [file, import.meta.url]) {
    let path: string;
    try {
      path = createRequire(from).resolve("tsx/esm/api");
    } catch {
      continue;
    }
    return (await import(pathToFileURL(path).href)) as TsxApi;
  }
  return null;
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
