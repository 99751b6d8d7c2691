import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

// `pnpm test:packages`: run after the other tests (it builds, packs and installs; one file, in order).
export default defineConfig({
  test: {
    root: fileURLToPath(new URL(".", import.meta.url)),
    include: ["*.test.ts"],
    testTimeout: 120_000,
    hookTimeout: 300_000,
  },
});
