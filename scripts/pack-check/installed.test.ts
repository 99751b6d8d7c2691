// Quell as a user gets it: every public package packed (its `prepack` builds it), the tarballs
// installed with npm into a fresh project outside this repository, and there the README's "Use
// Quell in your project" files run with plain Node (docs/packaging.md).
import { copyFile, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { packAll, publicPackages, tarballName } from "../pack-all";
import { readmeFiles, reminderFlow, run, startServer } from "./support";

const FIXTURE = fileURLToPath(new URL("./fixture/", import.meta.url));
const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const STRIPS_TYPES = Boolean((process.features as { typescript?: unknown }).typescript);

let packs: string;
let project: string;

const ok = (result: { code: number | null; output: string }): void =>
  expect(result.code, result.output).toBe(0);

beforeAll(async () => {
  packs = await mkdtemp(join(tmpdir(), "quell-packs-"));
  project = await mkdtemp(join(tmpdir(), "quell-project-"));
  const tarballs = await packAll(packs);
  const manifest = { name: "my-app", version: "1.0.0", private: true, type: "module" };
  await writeFile(join(project, "package.json"), `${JSON.stringify(manifest, null, 2)}\n`);
  const files = readmeFiles("Use Quell in your project");
  expect([...files.keys()].sort()).toEqual(["engine.mjs", "functions.mjs"]);
  for (const [name, text] of files) await writeFile(join(project, name), text);
  ok(await run("npm", ["install", "--no-audit", "--no-fund", ...tarballs], project));
});

afterAll(async () => {
  await rm(project, { recursive: true, force: true });
  await rm(packs, { recursive: true, force: true });
});

describe("the tarballs", () => {
  it("hold the build, README.md, LICENSE and package.json only, with exports on dist and real versions", async () => {
    for (const pkg of publicPackages()) {
      const listing = await run("tar", ["-tzf", join(packs, tarballName(pkg))], packs);
      ok(listing);
      const paths = listing.output.trim().split("\n");
      expect(
        paths.filter(
          (path) => !/^package\/(dist\/.+|README\.md|LICENSE|package\.json)$/.test(path),
        ),
      ).toEqual([]);
      expect(paths).toContain("package/dist/index.js");
      expect(paths).toContain("package/dist/index.d.ts");
      // Every declaration file has its map; every source map sits beside its bundle (a file of
      // re-exports only, such as @quell/http's index.js, has no map of its own).
      for (const path of paths.filter((p) => p.endsWith(".d.ts"))) {
        expect(paths).toContain(`${path}.map`);
      }
      const maps = paths.filter((p) => p.endsWith(".js.map"));
      expect(maps.length).toBeGreaterThan(0);
      for (const map of maps) expect(paths).toContain(map.slice(0, -".map".length));
      const installed = join(project, "node_modules", pkg.name, "package.json");
      const manifest = JSON.parse(await readFile(installed, "utf8"));
      expect(manifest.private).toBeUndefined();
      expect(manifest.version).toBe(pkg.version);
      expect(manifest.exports["."]).toEqual({
        types: "./dist/index.d.ts",
        import: "./dist/index.js",
      });
      expect(JSON.stringify(manifest)).not.toMatch(/workspace:|\.\/src\//);
    }
    const core = JSON.parse(
      await readFile(join(project, "node_modules", "@quell/core", "package.json"), "utf8"),
    );
    expect(core.exports["./examples"]).toEqual({
      types: "./dist/examples.d.ts",
      import: "./dist/examples.js",
    });
  });
});

describe("a JavaScript project", () => {
  it("(a) npx quell dev runs the README's functions.mjs: created → Sleeping, deleted → Cancelled", async () => {
    const server = await startServer(
      "npx",
      ["quell", "dev", "functions.mjs", "--port", "0"],
      project,
    );
    try {
      expect(server.output()).toContain("reminders-app-schedule-reminder");
      expect(await reminderFlow(server.url)).toEqual(["Sleeping", "Cancelled"]);
      const listed = await run("npx", ["quell", "runs", "--url", server.url], project);
      ok(listed);
      expect(listed.output).toContain("Cancelled");
    } finally {
      await server.stop();
    }
  });

  it("npx quell dev without a file runs the seeds' examples from @quell/core/examples", async () => {
    const server = await startServer("npx", ["quell", "dev", "--port", "0"], project);
    try {
      expect(server.output()).toContain("newsletter-app-cleanup-cancelled-import");
      expect(await reminderFlow(server.url)).toEqual(["Sleeping", "Cancelled"]);
      // The dashboard ships inside @quell/http (dist/dashboard/): its page and its script.
      const page = await (await fetch(`${server.url}/`)).text();
      const script = /src="(\/assets\/[^"]+\.js)"/.exec(page)?.[1];
      expect(script, page).toBeDefined();
      expect((await fetch(`${server.url}${script}`)).status).toBe(200);
    } finally {
      await server.stop();
    }
  });

  it("(b) the README's engine.mjs runs the engine on the memory store with plain Node", async () => {
    const result = await run("node", ["engine.mjs"], project);
    ok(result);
    expect(result.output.trim()).toBe("Cancelled");
  });

  it("runs the store conformance suite from @quell/conformance with the project's vitest", async () => {
    await copyFile(join(FIXTURE, "memory.test.mjs"), join(project, "memory.test.mjs"));
    const result = await run("npx", ["vitest", "run", "memory.test.mjs"], project);
    ok(result);
    expect(result.output).toMatch(/Tests\s+\d+ passed/);
  });

  it("a functions.ts without tsx: quell says what to install (or Node strips the types itself)", async () => {
    await copyFile(join(project, "functions.mjs"), join(project, "functions.ts"));
    const args = ["quell", "dev", "functions.ts", "--port", "0"];
    if (STRIPS_TYPES) {
      const server = await startServer("npx", args, project);
      expect(server.output()).toContain("reminders-app-schedule-reminder");
      await server.stop();
    } else {
      const result = await run("npx", args, project);
      expect(result.code).toBe(1);
      expect(result.output).toContain("functions.ts is TypeScript");
      expect(result.output).toContain("npm i -D tsx");
      expect(result.output).not.toMatch(/\n\s+at /);
    }
  });
});

describe("a TypeScript project (npm i -D typescript @types/node tsx)", () => {
  beforeAll(async () => {
    // The compiler and Node's types at the repository's versions (the type-check is the subject);
    // tsx as the README says, `npm i -D tsx`: the version a user gets today.
    const root = JSON.parse(await readFile(join(ROOT, "package.json"), "utf8"));
    const dev = ["typescript", "@types/node"].map((n) => `${n}@${root.devDependencies[n]}`);
    ok(await run("npm", ["install", "--no-audit", "--no-fund", "-D", ...dev, "tsx"], project));
    for (const file of ["tsconfig.json", "check-types.ts"]) {
      await copyFile(join(FIXTURE, file), join(project, file));
    }
  });

  it("(c) type-checks a user's .ts files under strict with moduleResolution nodenext", async () => {
    ok(await run("npx", ["tsc", "-p", "tsconfig.json"], project));
  });

  it("quell installed elsewhere (as with npm i -g) runs the project's functions.ts with the project's tsx and @quell/core", async () => {
    const elsewhere = await mkdtemp(join(tmpdir(), "quell-elsewhere-"));
    try {
      await writeFile(join(elsewhere, "package.json"), '{ "private": true }\n');
      const own = publicPackages().filter((pkg) => pkg.name !== "@quell/conformance");
      const tarballs = own.map((pkg) => join(packs, tarballName(pkg)));
      ok(await run("npm", ["install", "--no-audit", "--no-fund", ...tarballs], elsewhere));
      const bin = join(elsewhere, "node_modules", ".bin", "quell");
      const file = join(project, "functions.ts");
      const server = await startServer(bin, ["dev", file, "--port", "0"], elsewhere);
      try {
        expect(await reminderFlow(server.url)).toEqual(["Sleeping", "Cancelled"]);
      } finally {
        await server.stop();
      }
    } finally {
      await rm(elsewhere, { recursive: true, force: true });
    }
  });

  it("quell dev loads a functions.ts through tsx, registered on demand", async () => {
    const server = await startServer(
      "npx",
      ["quell", "dev", "functions.ts", "--port", "0"],
      project,
    );
    expect(server.output()).toContain("reminders-app-schedule-reminder");
    await server.stop();
  });
});
