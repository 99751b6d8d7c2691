import { packageBuild } from "../../tsdown.shared";

// Two entries; the code they share (`Quell`, the codecs) goes into one chunk, so a user's
// `@quell/core` and `@quell/core/examples` are built from the same classes.
export default packageBuild({
  entry: { index: "src/index.ts", examples: "src/examples/index.ts" },
});
