import { packageBuild } from "../../tsdown.shared";

// `quell` is the published bin (publishConfig.bin); bin/quell.mjs runs the sources in the repo.
// The dashboard's built pages are served from `dist/dashboard/` (src/server/routes/dashboard.ts).
export default packageBuild({
  entry: { index: "src/index.ts" },
  bin: { quell: "src/bin.ts" },
  copy: [{ from: "../dashboard/dist/dashboard", to: "dist" }],
});
