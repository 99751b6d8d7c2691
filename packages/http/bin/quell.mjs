#!/usr/bin/env node
// The `quell` command. Registers tsx so that the TypeScript sources (and a user's .ts functions
// file) load without a build step, then hands over to the CLI.
import { register } from "tsx/esm/api";

register();
const { main } = await import("../src/cli/main.ts");
await main(process.argv);
