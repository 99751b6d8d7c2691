// `pnpm pack:all [folder]`: builds and packs every public package into `folder` (default
// ./packs), the tarballs a project outside this repository installs (README, docs/packaging.md).
import { execFile } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

const ROOT = fileURLToPath(new URL("..", import.meta.url));

interface Manifest {
  readonly name: string;
  readonly version: string;
  readonly private?: boolean;
}

/** The packages a user installs: every workspace package not marked private. */
export const publicPackages = (): Manifest[] =>
  readdirSync(join(ROOT, "packages"))
    .map((dir) => JSON.parse(readFileSync(join(ROOT, "packages", dir, "package.json"), "utf8")))
    .filter((manifest: Manifest) => manifest.private !== true);

/** The tarball `pnpm pack` writes for a package: `@quell/core@0.1.0` → `quell-core-0.1.0.tgz`. */
export const tarballName = (manifest: Manifest): string =>
  `${manifest.name.replace(/^@/, "").replace("/", "-")}-${manifest.version}.tgz`;

/** Packs every public package (`prepack` builds it) into `folder`; the tarballs' paths. */
export const packAll = async (folder: string): Promise<string[]> => {
  const packages = publicPackages();
  const filters = packages.flatMap((manifest) => ["--filter", manifest.name]);
  await promisify(execFile)("pnpm", ["-r", ...filters, "pack", "--pack-destination", folder], {
    cwd: ROOT,
    maxBuffer: 64 * 1024 * 1024,
  });
  return packages.map((manifest) => join(folder, tarballName(manifest)));
};

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const folder = resolve(process.argv[2] ?? join(ROOT, "packs"));
  for (const tarball of await packAll(folder)) console.log(tarball);
}
