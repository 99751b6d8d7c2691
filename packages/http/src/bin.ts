#!/usr/bin/env node
// The published `quell` command (dist/quell.js): plain Node, no loader.
import { main } from "./cli/main";

await main(process.argv);
