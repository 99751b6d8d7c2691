import { copyFileSync } from "node:fs";
import { defineConfig, type UserConfig } from "tsdown";

/**
 * How every public package builds (docs/packaging.md): each entry bundled to one ESM file with
 * its `.d.ts`, source map and declaration map in `dist/`; dependencies stay imports. Bundling
 * means the sources keep their extensionless relative imports, which plain Node's ESM loader
 * would refuse. The repo's LICENSE is copied beside package.json, where `files` picks it up.
 */
export const packageBuild = (entry: Record<string, string>, extra: UserConfig = {}) =>
  defineConfig({
    entry,
    format: "esm",
    platform: "node",
    target: "node20",
    outDir: "dist",
    fixedExtension: false,
    clean: true,
    sourcemap: true,
    tsconfig: "tsconfig.build.json",
    dts: { sourcemap: true },
    // Plugin timings vary with the machine's load; the warning says nothing about the build.
    checks: { pluginTimings: false },
    hooks: { "build:done": () => copyFileSync("../../LICENSE", "LICENSE") },
    ...extra,
  });
