import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["packages/*/test/**/*.test.ts", "scripts/docs-check/*.test.ts"],
    testTimeout: 20_000,
    setupFiles: ["./vitest.setup.ts"],
  },
});
