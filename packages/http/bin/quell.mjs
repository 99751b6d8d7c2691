#!/usr/bin/env node
// The `quell` command inside this repository: registers tsx so that the TypeScript sources load
// without a build step, then hands over to the CLI. The published package's bin is the bundle
// dist/quell.js (src/bin.ts), which needs plain Node only.
import { register } from "tsx/esm/api";

register();
const { main } = await import("../src/cli/main.ts");
await main(process.argv);
