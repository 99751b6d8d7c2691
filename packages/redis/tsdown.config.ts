import { packageBuild } from "../../tsdown.shared";

// The Lua scripts are read at run time from `./lua/` beside the bundle (src/scripts.ts).
export default packageBuild({
  entry: { index: "src/index.ts", testing: "src/testing.ts" },
  copy: [{ from: "src/lua", to: "dist" }],
});
