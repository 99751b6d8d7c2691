import { copyFileSync } from "node:fs";
import { defineConfig, type UserConfig } from "tsdown";

export interface PackageBuild {
  /** Library entries (`exports`): each gets a `.d.ts`. */
  readonly entry: Record<string, string>;
  /** Command entries (`bin`): JavaScript only. */
  readonly bin?: Record<string, string>;
  /** Files the bundle reads at run time, copied into `dist/`. */
  readonly copy?: UserConfig["copy"];
}

/**
 * How every public package builds (docs/packaging.md): each entry bundled to one ESM file with
 * its `.d.ts`, source map and declaration map in `dist/`; dependencies stay imports. Bundling
 * means the sources keep their extensionless relative imports, which plain Node's ESM loader
 * would refuse. The repo's LICENSE is copied beside package.json, where `files` picks it up.
 */
export const packageBuild = (build: PackageBuild) =>
  defineConfig({
    entry: { ...build.entry, ...build.bin },
    format: "esm",
    platform: "node",
    target: "node20",
    outDir: "dist",
    fixedExtension: false,
    clean: true,
    sourcemap: true,
    tsconfig: "tsconfig.build.json",
    dts: { sourcemap: true, entry: Object.values(build.entry) },
    // Plugin timings vary with the machine's load; the warning says nothing about the build.
    checks: { pluginTimings: false },
    hooks: { "build:done": () => copyFileSync("../../LICENSE", "LICENSE") },
    ...(build.copy === undefined ? {} : { copy: build.copy }),
  });
