import type { QuellFunction } from "@quell/core";
import { exampleFunctions as seedExamples } from "@quell/core/examples";

/** The seeds' examples (`@quell/core/examples`), what `quell dev` runs when given no functions file. */
export const exampleFunctions: readonly QuellFunction[] = seedExamples();
