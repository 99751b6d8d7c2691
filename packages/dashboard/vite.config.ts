import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

// Built into dist/dashboard/, which @quell/http serves at / (docs/dashboard.md). Everything is bundled:
// nothing is fetched from a CDN at run time.
export default defineConfig({
  plugins: [react()],
  base: "/",
  // dist/dashboard/ so that @quell/http copies it as `dashboard/` beside its bundle.
  build: { outDir: "dist/dashboard", emptyOutDir: true, sourcemap: false },
});
